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

	final String listAppIds;

	final String listApps;

	final String latestSequenceId;

	final String sequenceIdKeptLast;

	final String batchUpTo;

	final String batchOlderThan;

	final String deleteBatch;

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
		this.listAppIds = """
				SELECT app_id FROM %s WHERE partition_key = ?
				GROUP BY app_id ORDER BY MAX(created_at) DESC, MAX(sequence_id) DESC, app_id
				""".formatted(table);
		this.listApps = """
				SELECT app_id, MAX(sequence_id) AS latest_sequence_id, MAX(created_at) AS last_written_at
				FROM %s WHERE partition_key = ?
				GROUP BY app_id ORDER BY MAX(created_at) DESC, MAX(sequence_id) DESC, app_id
				LIMIT ? OFFSET ?
				""".formatted(table);
		this.latestSequenceId = """
				SELECT MAX(sequence_id) FROM %s WHERE partition_key = ? AND app_id = ?
				""".formatted(table);
		this.sequenceIdKeptLast = """
				SELECT sequence_id FROM %s WHERE partition_key = ? AND app_id = ?
				ORDER BY sequence_id DESC LIMIT 1 OFFSET ?
				""".formatted(table);
		this.batchUpTo = """
				SELECT sequence_id FROM %s WHERE partition_key = ? AND app_id = ? AND sequence_id <= ?
				ORDER BY sequence_id LIMIT ?
				""".formatted(table);
		this.batchOlderThan = """
				SELECT sequence_id FROM %s
				WHERE partition_key = ? AND app_id = ? AND sequence_id < ? AND created_at < ?
				ORDER BY sequence_id LIMIT ?
				""".formatted(table);
		this.deleteBatch = """
				DELETE FROM %s WHERE partition_key = :partitionKey AND app_id = :appId AND sequence_id IN (:sequenceIds)
				""".formatted(table);
	}

}
