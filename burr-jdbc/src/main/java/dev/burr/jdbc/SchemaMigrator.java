package dev.burr.jdbc;

import java.util.Map;

import javax.sql.DataSource;

import dev.burr.persistence.BurrPersistenceException;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.configuration.FluentConfiguration;

/**
 * Brings one state table to the current schema with a private Flyway instance. Its history table is
 * {@code <table>_schema_history}, so the application's own Flyway history is never read or written, and
 * {@code baselineOnMigrate} lets it start in a schema that already holds other tables, or Burr's own table.
 * The scripts are in {@code db/burr/migration/<vendor>}, with placeholders {@code burr_table} (the name as
 * configured), {@code burr_table_name} (without schema) and {@code burr_qualifier} ({@code "schema."} or
 * {@code ""}): teams that run migrations themselves can apply the same files.
 */
final class SchemaMigrator {

	static final String LOCATION = "classpath:db/burr/migration/";

	private final DataSource dataSource;

	private final TableName tableName;

	private final ClassLoader classLoader;

	SchemaMigrator(DataSource dataSource, TableName tableName, ClassLoader classLoader) {
		this.dataSource = dataSource;
		this.tableName = tableName;
		this.classLoader = classLoader;
	}

	void migrate(JdbcDialect dialect) {
		FluentConfiguration configuration = Flyway.configure(this.classLoader)
			.dataSource(this.dataSource)
			.locations(LOCATION + dialect.vendor())
			.failOnMissingLocations(true)
			.table(this.tableName.schemaHistoryName())
			.baselineOnMigrate(true)
			.baselineVersion("0")
			.baselineDescription("Burr schema baseline")
			.cleanDisabled(true)
			.placeholders(Map.of("burr_table", this.tableName.qualified(), "burr_table_name",
					this.tableName.name(), "burr_qualifier", this.tableName.qualifierPrefix()));
		if (this.tableName.schema() != null) {
			configuration.defaultSchema(dialect.foldCase(this.tableName.schema()));
		}
		try {
			configuration.load().migrate();
		}
		catch (FlywayException ex) {
			String module = dialect.flywayModule();
			String hint = (module != null && String.valueOf(ex.getMessage()).contains("Unsupported Database"))
					? " Add " + module + " to the classpath: Flyway 10 and later support this database only through it."
					: "";
			throw new BurrPersistenceException(
					"Cannot migrate Burr table '" + this.tableName + "': " + ex.getMessage() + hint, ex);
		}
	}

}
