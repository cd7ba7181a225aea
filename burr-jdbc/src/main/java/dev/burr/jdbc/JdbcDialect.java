package dev.burr.jdbc;

import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

import org.jspecify.annotations.Nullable;

/**
 * What differs between the databases Burr for Java supports. The statements shared by all of them are in
 * each layout's statements ({@link BurrStatements}, {@link DeltaStatements}); a dialect only supplies its
 * differences, one small class per database.
 */
abstract class JdbcDialect {

	private final String vendor;

	private final @Nullable String flywayModule;

	private final String[] productNames;

	/**
	 * A dialect whose migrations are in folder {@code vendor}, whose Flyway support is the artifact
	 * {@code flywayModule} (or {@code null} when {@code flyway-core} has it), for the databases whose
	 * {@code DatabaseMetaData} product name is one of {@code productNames}.
	 */
	JdbcDialect(String vendor, @Nullable String flywayModule, String... productNames) {
		this.vendor = vendor;
		this.flywayModule = flywayModule;
		this.productNames = productNames;
	}

	/** Whether this dialect serves the database whose {@code DatabaseMetaData} product name is given. */
	final boolean supports(String productName) {
		for (String supported : this.productNames) {
			if (supported.equalsIgnoreCase(productName)) {
				return true;
			}
		}
		return false;
	}

	/** Folder of this database's migrations under {@code db/burr/migration} and {@code db/burr/delta}. */
	final String vendor() {
		return this.vendor;
	}

	/** The Flyway artifact this database needs beside {@code flyway-core}, or {@code null}. */
	final @Nullable String flywayModule() {
		return this.flywayModule;
	}

	/**
	 * Whether {@code ex} reports a duplicate key: the step is already stored. By default SQL's unique-violation
	 * state {@code 23505}.
	 */
	boolean isDuplicateKey(SQLException ex) {
		return "23505".equals(ex.getSQLState());
	}

	/** Whether {@code ex} reports a deadlock or serialization failure, after which a save may be retried. */
	boolean isTransient(SQLException ex) {
		return "40001".equals(ex.getSQLState()) || "40P01".equals(ex.getSQLState());
	}

	/**
	 * A query counting the indexes of a table by name, with parameters {@code (schema, table, index)} when
	 * {@code qualified}, else {@code (table, index)} in the connection's current schema.
	 */
	abstract String indexCountSql(boolean qualified);

	/** An identifier as this database stores it when it is written without quotes. */
	String foldCase(String identifier) {
		return identifier;
	}

	/** The SQL expression that receives the state JSON text in the insert. */
	String stateParameter() {
		return "?";
	}

	/** Refuses a table name this database cannot use. */
	void checkTableName(TableName tableName) {
	}

	/**
	 * How many group-commit batches may be written at once, each on its own connection: several, because the
	 * database works on them side by side and merges their commits' log flushes itself.
	 */
	int groupCommitsInFlight() {
		return 4;
	}

	/**
	 * Refuses state JSON this database cannot store.
	 * @return why it cannot be stored, or {@code null} when it can
	 */
	@Nullable String unstorableReason(byte[] json) {
		return null;
	}

	/**
	 * The value bound to the {@code state} parameter for the state's JSON in UTF-8: text by default; databases
	 * that convert bytes to text on the server take the bytes as they are, sparing a copy of the state.
	 */
	Object stateValue(byte[] json) {
		return new String(json, StandardCharsets.UTF_8);
	}

	/** The value bound to {@code created_at} for an instant. */
	Object createdAtParameter(Instant instant) {
		return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
	}

	/** The {@code created_at} value of a column, read as UTC; {@code null} when the column is null. */
	@Nullable Instant readCreatedAt(ResultSet rs, String column) throws SQLException {
		LocalDateTime value = rs.getObject(column, LocalDateTime.class);
		return (value != null) ? value.toInstant(ZoneOffset.UTC) : null;
	}

}
