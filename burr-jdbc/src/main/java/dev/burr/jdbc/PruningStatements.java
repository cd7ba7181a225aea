package dev.burr.jdbc;

/**
 * The SQL that finds and deletes steps of one app, for any layout's table: it needs only the columns every
 * layout has ({@code partition_key, app_id, sequence_id, created_at}).
 */
final class PruningStatements {

	final String latestSequenceId;

	final String sequenceIdKeptLast;

	final String batchUpTo;

	final String batchOlderThan;

	final String deleteBatch;

	PruningStatements(TableName tableName) {
		String table = tableName.qualified();
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
