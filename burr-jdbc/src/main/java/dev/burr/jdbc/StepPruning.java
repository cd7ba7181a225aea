package dev.burr.jdbc;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Deletes steps of one app from a layout's table: all of them, all but the newest, or those older than a time.
 * Each round selects the oldest {@code batchSize} sequence ids to go and deletes them in a short transaction.
 */
final class StepPruning {

	private final JdbcClient jdbc;

	private final TransactionTemplate transaction;

	private final JdbcDialect dialect;

	private final PruningStatements statements;

	private final int batchSize;

	StepPruning(JdbcDatabase database, JdbcDialect dialect, PruningStatements statements, int batchSize) {
		this.jdbc = database.jdbc;
		this.transaction = database.transaction;
		this.dialect = dialect;
		this.statements = statements;
		this.batchSize = batchSize;
	}

	int deleteApp(String partitionKey, String appId) {
		return deleteInBatches(partitionKey, appId, () -> this.jdbc.sql(this.statements.batchUpTo)
			.params(partitionKey, appId, Long.MAX_VALUE, this.batchSize));
	}

	int pruneKeepLast(String partitionKey, String appId, int keepLast) {
		Optional<Long> newestToDelete = this.jdbc.sql(this.statements.sequenceIdKeptLast)
			.params(partitionKey, appId, keepLast)
			.query(Long.class)
			.optional();
		if (newestToDelete.isEmpty()) {
			return 0;
		}
		return deleteInBatches(partitionKey, appId, () -> this.jdbc.sql(this.statements.batchUpTo)
			.params(partitionKey, appId, newestToDelete.get(), this.batchSize));
	}

	/** The app's highest stored sequence id, or {@code null} when it has no step. */
	@Nullable Long latestSequenceId(String partitionKey, String appId) {
		return this.jdbc.sql(this.statements.latestSequenceId).params(partitionKey, appId).query(Long.class).single();
	}

	int pruneOlderThan(String partitionKey, String appId, Instant cutoff) {
		Long latest = latestSequenceId(partitionKey, appId);
		return (latest != null) ? pruneOlderThan(partitionKey, appId, latest, cutoff) : 0;
	}

	/** Deletes the steps before {@code latest} written before {@code cutoff}. */
	int pruneOlderThan(String partitionKey, String appId, long latest, Instant cutoff) {
		Object cutoffParameter = this.dialect.createdAtParameter(cutoff);
		return deleteInBatches(partitionKey, appId, () -> this.jdbc.sql(this.statements.batchOlderThan)
			.params(partitionKey, appId, latest, cutoffParameter, this.batchSize));
	}

	private int deleteInBatches(String partitionKey, String appId, Supplier<JdbcClient.StatementSpec> nextBatch) {
		int deleted = 0;
		while (true) {
			List<Long> batch = nextBatch.get().query(Long.class).list();
			if (batch.isEmpty()) {
				return deleted;
			}
			Integer count = this.transaction.execute((tx) -> this.jdbc.sql(this.statements.deleteBatch)
				.param("partitionKey", partitionKey)
				.param("appId", appId)
				.param("sequenceIds", batch)
				.update());
			if (count == null || count == 0) {
				return deleted;
			}
			deleted += count;
		}
	}

}
