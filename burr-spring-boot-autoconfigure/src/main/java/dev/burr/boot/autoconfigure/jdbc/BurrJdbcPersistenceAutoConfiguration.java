package dev.burr.boot.autoconfigure.jdbc;

import javax.sql.DataSource;

import dev.burr.boot.autoconfigure.BurrConfigurationException;
import dev.burr.boot.autoconfigure.BurrProperties;
import dev.burr.boot.autoconfigure.BurrProperties.PersistenceType;
import dev.burr.boot.autoconfigure.BurrSerdeAutoConfiguration;
import dev.burr.boot.autoconfigure.BurrWriteBehindLifecycle;
import dev.burr.boot.autoconfigure.ConditionalOnPersistenceType;
import dev.burr.jdbc.JdbcStatePersister;
import dev.burr.persistence.StatePersister;
import dev.burr.serde.StateSerde;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.sql.autoconfigure.init.OnDatabaseInitializationCondition;
import org.springframework.boot.sql.init.DatabaseInitializationMode;
import org.springframework.boot.sql.init.dependency.DatabaseInitializationDependencyConfigurer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration} of a
 * {@link JdbcStatePersister} on the application's {@link DataSource}, when {@code burr.persistence.type} is
 * {@code jdbc}, or {@code auto} and there is a {@code DataSource}. Burr's table is created or migrated by a
 * {@link BurrJdbcSchemaInitializer}, which beans using the persister wait for. A {@link BurrWriteBehindLifecycle}
 * stores the persister's write-behind queue when the context stops, before the {@code DataSource} closes.
 *
 * @author Burr for Java
 * @since 0.1.0
 */
@AutoConfiguration(after = { DataSourceAutoConfiguration.class, BurrSerdeAutoConfiguration.class },
		afterName = "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration")
@ConditionalOnClass({ JdbcStatePersister.class, DataSource.class, DatabaseInitializationMode.class })
@ConditionalOnSingleCandidate(DataSource.class)
@ConditionalOnMissingBean(StatePersister.class)
@ConditionalOnPersistenceType({ PersistenceType.AUTO, PersistenceType.JDBC })
@EnableConfigurationProperties(BurrProperties.class)
@Import(DatabaseInitializationDependencyConfigurer.class)
public final class BurrJdbcPersistenceAutoConfiguration {

	static final String TABLE_NAME_PROPERTY = "burr.persistence.jdbc.table-name";

	@Bean(destroyMethod = "")
	JdbcStatePersister burrStatePersister(DataSource dataSource, BurrProperties properties, StateSerde serde,
			ResourceLoader resourceLoader) {
		BurrProperties.Persistence persistence = properties.getPersistence();
		return builder(dataSource, persistence, resourceLoader).serde(serde)
			.groupCommitLimit(persistence.checkedGroupCommitLimit())
			.writeBehind(persistence.getWriteBehind().checkedSettings())
			.build();
	}

	@Bean
	BurrWriteBehindLifecycle burrWriteBehindLifecycle(JdbcStatePersister burrStatePersister,
			BurrProperties properties, Environment environment) {
		return BurrWriteBehindLifecycle.of(burrStatePersister, properties, environment);
	}

	@Bean
	@ConditionalOnMissingBean
	@Conditional(OnBurrSchemaInitializationCondition.class)
	BurrJdbcSchemaInitializer burrJdbcSchemaInitializer(DataSource dataSource, BurrProperties properties,
			ResourceLoader resourceLoader) {
		BurrProperties.Persistence persistence = properties.getPersistence();
		return new BurrJdbcSchemaInitializer(dataSource, builder(dataSource, persistence, resourceLoader).build(),
				persistence.getJdbc().getInitializeSchema());
	}

	static JdbcStatePersister.Builder builder(DataSource dataSource, BurrProperties.Persistence persistence,
			ResourceLoader resourceLoader) {
		BurrProperties.Jdbc jdbc = persistence.getJdbc();
		ClassLoader classLoader = resourceLoader.getClassLoader();
		JdbcStatePersister.Builder builder = JdbcStatePersister.builder(dataSource)
			.layout(persistence.getLayout())
			.queryTimeout(jdbc.getQueryTimeout())
			.classLoader((classLoader != null) ? classLoader
					: BurrJdbcPersistenceAutoConfiguration.class.getClassLoader());
		builder.snapshotEvery(persistence.checkedSnapshotEvery());
		String tableName = jdbc.getTableName();
		if (tableName == null) {
			return builder;
		}
		try {
			return builder.tableName(tableName);
		}
		catch (IllegalArgumentException ex) {
			throw new BurrConfigurationException(TABLE_NAME_PROPERTY,
					"Invalid Burr table name '" + tableName + "': " + ex.getMessage(),
					"Set " + TABLE_NAME_PROPERTY + " to an SQL identifier (letters, digits and underscores, "
							+ "optionally schema-qualified as schema.table), such as burr_state, or leave it unset "
							+ "for the layout's default table.",
					ex);
		}
	}

	static final class OnBurrSchemaInitializationCondition extends OnDatabaseInitializationCondition {

		OnBurrSchemaInitializationCondition() {
			super("Burr", "burr.persistence.jdbc.initialize-schema");
		}

	}

}
