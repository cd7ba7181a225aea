package dev.burr.jdbc;

import java.util.Locale;

import org.jspecify.annotations.Nullable;

/** PostgreSQL: Burr's table with {@code state} as JSONB. */
final class PostgresDialect extends JdbcDialect {

	PostgresDialect() {
		super("postgresql", "org.flywaydb:flyway-database-postgresql", "PostgreSQL");
	}

	@Override
	String indexCountSql(boolean qualified) {
		return """
				SELECT COUNT(*) FROM pg_catalog.pg_indexes
				WHERE schemaname = %s AND tablename = ? AND indexname = ?
				""".formatted(qualified ? "?" : "current_schema()");
	}

	@Override
	String foldCase(String identifier) {
		return identifier.toLowerCase(Locale.ROOT);
	}

	@Override
	String stateParameter() {
		return "CAST(convert_from(?, 'UTF8') AS JSONB)";
	}

	@Override
	Object stateValue(byte[] json) {
		return json;
	}

	@Override
	@Nullable String unstorableReason(byte[] json) {
		return JsonText.containsNul(json) ? "PostgreSQL JSONB cannot store the character U+0000 (NUL) in a string; "
				+ "remove it from the state or encode it (for example with a field codec)" : null;
	}

}
