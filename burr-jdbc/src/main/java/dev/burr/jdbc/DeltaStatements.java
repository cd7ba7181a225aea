package dev.burr.jdbc;

/**
 * The SQL of the delta layout's table, built once from its name and dialect. A step's chain is read in one
 * query: its rows from the newest snapshot at or before it up to it.
 */
final class DeltaStatements {

	static final String COLUMNS = "sequence_id, position, status, created_at, snapshot, data";

	final String insert;

	final String chainToLatest;

	final String chainToStep;

	final String page;

	final String countDeltaRow;

	final String keptAfterDeletedOlderThan;

	final String rewriteAsSnapshot;

	DeltaStatements(TableName tableName, JdbcDialect dialect) {
		String table = tableName.qualified();
		this.insert = """
				INSERT INTO %s (partition_key, app_id, sequence_id, position, status, snapshot, data, created_at)
				VALUES (?, ?, ?, ?, ?, ?, %s, ?)
				""".formatted(table, dialect.stateParameter());
		this.chainToLatest = """
				SELECT %s FROM %s
				WHERE partition_key = ? AND app_id = ? AND sequence_id >= COALESCE(
				    (SELECT MAX(sequence_id) FROM %s WHERE partition_key = ? AND app_id = ? AND snapshot = ?), ?)
				ORDER BY sequence_id
				""".formatted(COLUMNS, table, table);
		this.chainToStep = """
				SELECT %s FROM %s
				WHERE partition_key = ? AND app_id = ? AND sequence_id <= ? AND sequence_id >= COALESCE(
				    (SELECT MAX(sequence_id) FROM %s
				     WHERE partition_key = ? AND app_id = ? AND snapshot = ? AND sequence_id <= ?), ?)
				ORDER BY sequence_id
				""".formatted(COLUMNS, table, table);
		this.page = """
				SELECT %s FROM %s
				WHERE partition_key = ? AND app_id = ? AND sequence_id > ? ORDER BY sequence_id LIMIT ?
				""".formatted(COLUMNS, table);
		this.countDeltaRow = """
				SELECT COUNT(*) FROM %s WHERE partition_key = ? AND app_id = ? AND sequence_id = ? AND snapshot = ?
				""".formatted(table);
		this.keptAfterDeletedOlderThan = """
				SELECT kept.sequence_id FROM %s kept JOIN %s deleted
				ON deleted.partition_key = kept.partition_key AND deleted.app_id = kept.app_id
				    AND deleted.sequence_id = kept.sequence_id - 1
				WHERE kept.partition_key = ? AND kept.app_id = ? AND kept.snapshot = ?
				AND NOT (kept.sequence_id < ? AND kept.created_at < ?)
				AND deleted.sequence_id < ? AND deleted.created_at < ?
				ORDER BY kept.sequence_id
				""".formatted(table, table);
		this.rewriteAsSnapshot = """
				UPDATE %s SET snapshot = ?, data = %s
				WHERE partition_key = ? AND app_id = ? AND sequence_id = ? AND snapshot = ?
				""".formatted(table, dialect.stateParameter());
	}

}
