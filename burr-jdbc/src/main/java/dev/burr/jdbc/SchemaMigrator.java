package dev.burr.jdbc;

import java.util.Map;

import dev.burr.persistence.BurrPersistenceException;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Brings one layout's table to its current schema with a private Flyway instance. Its history table is
 * {@code <table>_schema_history}, so the application's own Flyway history is never read or written, and
 * {@code baselineOnMigrate} lets it start in a schema that already holds other tables, or Burr's own table.
 * The scripts are in {@code db/burr/migration/<vendor>} for Burr's layout and {@code db/burr/delta/<vendor>}
 * for the delta layout, with placeholders {@code burr_table} (the name as
 * configured), {@code burr_table_name} (without schema) and {@code burr_qualifier} ({@code "schema."} or
 * {@code ""}): teams that run migrations themselves can apply the same files. The table counts as migrated
 * when the index its last migration creates exists in its schema.
 */
final class SchemaMigrator {

	/** Where Burr's layout's migrations are, followed by the vendor folder. */
	static final String BURR_LOCATION = "classpath:db/burr/migration/";

	/** Where the delta layout's migrations are, followed by the vendor folder. */
	static final String DELTA_LOCATION = "classpath:db/burr/delta/";

	private final JdbcDatabase database;

	private final JdbcDialect dialect;

	private final TableName tableName;

	private final String location;

	private final String markerIndex;

	private final ClassLoader classLoader;

	/**
	 * @param location {@link #BURR_LOCATION} or {@link #DELTA_LOCATION}
	 * @param markerIndex the index the last migration creates
	 */
	SchemaMigrator(JdbcDatabase database, JdbcDialect dialect, TableName tableName, String location,
			String markerIndex, ClassLoader classLoader) {
		this.database = database;
		this.dialect = dialect;
		this.tableName = tableName;
		this.location = location;
		this.markerIndex = markerIndex;
		this.classLoader = classLoader;
	}

	/** Whether the index the last migration creates exists: the table is migrated. */
	boolean isMigrated() {
		String schema = this.tableName.schema();
		JdbcClient.StatementSpec spec = this.database.jdbc.sql(this.dialect.indexCountSql(schema != null));
		if (schema != null) {
			spec = spec.param(this.dialect.foldCase(schema));
		}
		Long count = spec.param(this.dialect.foldCase(this.tableName.name()))
			.param(this.dialect.foldCase(this.markerIndex))
			.query(Long.class)
			.single();
		return count != null && count > 0;
	}

	/**
	 * Runs the migrations not yet applied.
	 * @throws BurrPersistenceException when Flyway fails, with a hint when a Flyway module is missing
	 */
	void migrate() {
		FluentConfiguration configuration = Flyway.configure(this.classLoader)
			.dataSource(this.database.dataSource)
			.locations(this.location + this.dialect.vendor())
			.failOnMissingLocations(true)
			.table(this.tableName.schemaHistoryName())
			.baselineOnMigrate(true)
			.baselineVersion("0")
			.baselineDescription("Burr schema baseline")
			.cleanDisabled(true)
			.placeholders(Map.of("burr_table", this.tableName.qualified(), "burr_table_name",
					this.tableName.name(), "burr_qualifier", this.tableName.qualifierPrefix()));
		if (this.tableName.schema() != null) {
			configuration.defaultSchema(this.dialect.foldCase(this.tableName.schema()));
		}
		try {
			configuration.load().migrate();
		}
		catch (FlywayException ex) {
			String module = this.dialect.flywayModule();
			String hint = (module != null && String.valueOf(ex.getMessage()).contains("Unsupported Database"))
					? " Add " + module + " to the classpath: Flyway 10 and later support this database only through it."
					: "";
			throw new BurrPersistenceException(
					"Cannot migrate Burr table '" + this.tableName + "': " + ex.getMessage() + hint, ex);
		}
	}

}
