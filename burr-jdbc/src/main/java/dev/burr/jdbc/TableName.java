package dev.burr.jdbc;

import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * The validated name of the state table: an SQL identifier, optionally schema-qualified. It is spliced into
 * SQL, so anything but letters, digits and underscores is refused.
 */
final class TableName {

	/** Longest table name: leaves room for the suffixes of derived names within PostgreSQL's 63 characters. */
	static final int MAX_NAME_LENGTH = 40;

	private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

	private final @Nullable String schema;

	private final String name;

	private TableName(@Nullable String schema, String name) {
		this.schema = schema;
		this.name = name;
	}

	/**
	 * Parses {@code table} or {@code schema.table}.
	 * @throws IllegalArgumentException naming the property when the text is not such a name
	 */
	static TableName parse(String text) {
		if (text == null || text.isEmpty()) {
			throw invalid(text, "it is empty");
		}
		String[] parts = text.split("\\.", -1);
		if (parts.length > 2) {
			throw invalid(text, "only one schema qualifier is allowed");
		}
		for (String part : parts) {
			if (!IDENTIFIER.matcher(part).matches()) {
				throw invalid(text, "'" + part + "' is not an identifier (letters, digits and underscores, "
						+ "not starting with a digit; no quotes, spaces or semicolons)");
			}
		}
		String name = parts[parts.length - 1];
		if (name.length() > MAX_NAME_LENGTH) {
			throw invalid(text, "the table part is longer than " + MAX_NAME_LENGTH + " characters");
		}
		if (parts.length == 2 && parts[0].length() > 63) {
			throw invalid(text, "the schema part is longer than 63 characters");
		}
		return new TableName((parts.length == 2) ? parts[0] : null, name);
	}

	private static IllegalArgumentException invalid(@Nullable String text, String reason) {
		return new IllegalArgumentException("Invalid Burr table name (tableName, burr.persistence.jdbc.table-name) '"
				+ text + "': " + reason + ". Use an SQL identifier, optionally schema-qualified, such as "
				+ "burr_state or app.burr_state.");
	}

	/** The schema qualifier, or {@code null} for the connection's current schema. */
	@Nullable String schema() {
		return this.schema;
	}

	/** The table name without its schema. */
	String name() {
		return this.name;
	}

	/** The name as written in SQL, with its schema when it has one. */
	String qualified() {
		return (this.schema != null) ? this.schema + "." + this.name : this.name;
	}

	/** The schema qualifier followed by a dot, or {@code ""}. */
	String qualifierPrefix() {
		return (this.schema != null) ? this.schema + "." : "";
	}

	/** Name of the unique index on {@code (partition_key, app_id, sequence_id)}. */
	String stepIndexName() {
		return this.name + "_step_uidx";
	}

	/** Name of the delta layout's index on {@code (partition_key, app_id, snapshot, sequence_id)}. */
	String snapshotIndexName() {
		return this.name + "_snapshot_idx";
	}

	/** Name of this table's private Flyway history table. */
	String schemaHistoryName() {
		return this.name + "_schema_history";
	}

	@Override
	public String toString() {
		return qualified();
	}

}
