package dev.burr.jdbc;

import java.time.Instant;
import java.util.List;

import dev.burr.persistence.AppSummary;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Lists the apps of a partition key in any layout's table, most recently written first (ties: highest sequence
 * id, then app id): every layout's table has {@code partition_key, app_id, sequence_id, created_at}.
 */
final class AppListing {

	private final JdbcClient jdbc;

	private final JdbcDialect dialect;

	private final String appIds;

	private final String page;

	AppListing(JdbcDatabase database, JdbcDialect dialect, TableName tableName) {
		this.jdbc = database.jdbc;
		this.dialect = dialect;
		String table = tableName.qualified();
		this.appIds = """
				SELECT app_id FROM %s WHERE partition_key = ?
				GROUP BY app_id ORDER BY MAX(created_at) DESC, MAX(sequence_id) DESC, app_id
				""".formatted(table);
		this.page = """
				SELECT app_id, MAX(sequence_id) AS latest_sequence_id, MAX(created_at) AS last_written_at
				FROM %s WHERE partition_key = ?
				GROUP BY app_id ORDER BY MAX(created_at) DESC, MAX(sequence_id) DESC, app_id
				LIMIT ? OFFSET ?
				""".formatted(table);
	}

	List<String> appIds(String partitionKey) {
		return this.jdbc.sql(this.appIds).param(partitionKey).query(String.class).list();
	}

	List<AppSummary> page(String partitionKey, int offset, int limit) {
		return this.jdbc.sql(this.page).params(partitionKey, limit, offset).query((rs, rowNum) -> {
			Instant lastWrittenAt = this.dialect.readCreatedAt(rs, "last_written_at");
			return new AppSummary(partitionKey, rs.getString("app_id"), rs.getLong("latest_sequence_id"),
					(lastWrittenAt != null) ? lastWrittenAt : Instant.EPOCH);
		}).list();
	}

}
