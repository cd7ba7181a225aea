package dev.burr.boot.autoconfigure.jdbc;

import javax.sql.DataSource;

import dev.burr.boot.autoconfigure.BurrConfigurationException;
import dev.burr.boot.autoconfigure.BurrProperties.InitializeSchema;
import dev.burr.jdbc.JdbcStatePersister;
import dev.burr.persistence.BurrPersistenceException;
import dev.burr.persistence.StateSaver;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.jdbc.EmbeddedDatabaseConnection;

/**
 * Creates or migrates Burr's table on startup, through the JDBC persister's private Flyway instance and its own
 * history table, so that the application's own Flyway migrations are left alone. Spring Boot's database
 * initialization ordering makes beans that use a {@code JdbcStatePersister} wait for it.
 *
 * @author Burr for Java
 * @since 0.1.0
 */
public final class BurrJdbcSchemaInitializer implements InitializingBean {

	private static final String PROPERTY = "burr.persistence.jdbc.initialize-schema";

	private final DataSource dataSource;

	private final StateSaver persister;

	private final InitializeSchema mode;

	/**
	 * Creates an initializer.
	 * @param dataSource the database
	 * @param persister a persister on that database, whose {@code initialize()} creates or migrates the table
	 * @param mode when to initialize
	 */
	public BurrJdbcSchemaInitializer(DataSource dataSource, StateSaver persister, InitializeSchema mode) {
		this.dataSource = dataSource;
		this.persister = persister;
		this.mode = mode;
	}

	@Override
	public void afterPropertiesSet() {
		initialize();
	}

	/**
	 * Initializes the table when the mode says so.
	 * @return whether it initialized the table
	 */
	public boolean initialize() {
		boolean run = switch (this.mode) {
			case ALWAYS -> true;
			case EMBEDDED -> EmbeddedDatabaseConnection.isEmbedded(this.dataSource);
			case NEVER -> false;
		};
		if (run) {
			try {
				this.persister.initialize();
			}
			catch (BurrPersistenceException ex) {
				throw new BurrConfigurationException(PROPERTY, ex.getMessage(),
						"Fix what the message says, or set " + PROPERTY + "=never and create Burr's table yourself "
								+ "with the SQL migrations in " + migrationsLocation() + "<database>/.",
						ex);
			}
		}
		return run;
	}

	private String migrationsLocation() {
		return (this.persister instanceof JdbcStatePersister jdbc) ? jdbc.getMigrationsLocation()
				: "classpath:db/burr/migration/";
	}

}
