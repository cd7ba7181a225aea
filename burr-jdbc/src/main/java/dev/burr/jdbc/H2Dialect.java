package dev.burr.jdbc;

import java.util.Locale;

/** H2 2.x, for tests and embedded use. */
final class H2Dialect extends JdbcDialect {

	H2Dialect() {
		super("h2", null, "H2");
	}

	@Override
	String indexCountSql(boolean qualified) {
		return """
				SELECT COUNT(*) FROM INFORMATION_SCHEMA.INDEXES
				WHERE TABLE_SCHEMA = %s AND TABLE_NAME = ? AND INDEX_NAME = ?
				""".formatted(qualified ? "?" : "SCHEMA()");
	}

	@Override
	String foldCase(String identifier) {
		return identifier.toUpperCase(Locale.ROOT);
	}

}
