package dev.burr.jdbc;

/**
 * The SQL of Burr's table, built once from its name and dialect. The select list is Burr's, so the same
 * columns come back in the same order as from Burr's own queries.
 */
final class BurrStatements {

	private static final String COLUMNS = "position, state, sequence_id, app_id, created_at, status";

	final String insert;

	final String loadLatest;

	final String loadExact;

	final String history;

	BurrStatements(TableName tableName, JdbcDialect dialect) {
		String table = tableName.qualified();
		this.insert = """
				INSERT INTO %s (partition_key, app_id, sequence_id, position, state, status, created_at)
				VALUES (?, ?, ?, ?, %s, ?, ?)
				""".formatted(table, dialect.stateParameter());
		this.loadLatest = """
				SELECT %s FROM %s
				WHERE partition_key = ? AND app_id = ? ORDER BY sequence_id DESC LIMIT 1
				""".formatted(COLUMNS, table);
		this.loadExact = """
				SELECT %s FROM %s
				WHERE partition_key = ? AND app_id = ? AND sequence_id = ?
				""".formatted(COLUMNS, table);
		this.history = """
				SELECT %s FROM %s
				WHERE partition_key = ? AND app_id = ? ORDER BY sequence_id
				""".formatted(COLUMNS, table);
	}

}
