package dev.burr.jdbc;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import dev.burr.persistence.BurrPersistenceException;
import dev.burr.persistence.PersistedState;
import dev.burr.persistence.delta.DeltaChain;
import dev.burr.persistence.delta.DeltaCodec;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Prunes the delta layout's table so that every kept step stays loadable: before any row goes, each kept delta
 * whose previous step is about to be deleted is rewritten as a snapshot of the same state (committed on its
 * own, so a kept step is loadable at every moment, also when the deletes fail midway); then {@link StepPruning}
 * deletes in batches.
 */
final class DeltaPruning {

	private final JdbcClient jdbc;

	private final JdbcDialect dialect;

	private final DeltaStatements statements;

	private final PruningStatements pruningStatements;

	private final StepPruning pruning;

	private final DeltaReader reader;

	private final DeltaCodec codec;

	DeltaPruning(JdbcDatabase database, JdbcDialect dialect, DeltaStatements statements,
			PruningStatements pruningStatements, StepPruning pruning, DeltaReader reader, DeltaCodec codec) {
		this.jdbc = database.jdbc;
		this.dialect = dialect;
		this.statements = statements;
		this.pruningStatements = pruningStatements;
		this.pruning = pruning;
		this.reader = reader;
		this.codec = codec;
	}

	int deleteApp(String partitionKey, String appId) {
		return this.pruning.deleteApp(partitionKey, appId);
	}

	int pruneKeepLast(String partitionKey, String appId, int keepLast) {
		Optional<Long> oldestKept = this.jdbc.sql(this.pruningStatements.sequenceIdKeptLast)
			.params(partitionKey, appId, keepLast - 1)
			.query(Long.class)
			.optional();
		if (oldestKept.isEmpty()) {
			return 0;
		}
		Long deltaRows = this.jdbc.sql(this.statements.countDeltaRow)
			.params(partitionKey, appId, oldestKept.get(), false)
			.query(Long.class)
			.single();
		if (deltaRows != null && deltaRows > 0) {
			rewriteAsSnapshot(partitionKey, appId, oldestKept.get());
		}
		return this.pruning.pruneKeepLast(partitionKey, appId, keepLast);
	}

	int pruneOlderThan(String partitionKey, String appId, Instant cutoff) {
		Long latest = this.pruning.latestSequenceId(partitionKey, appId);
		if (latest == null) {
			return 0;
		}
		Object cutoffParameter = this.dialect.createdAtParameter(cutoff);
		List<Long> exposed = this.jdbc.sql(this.statements.keptAfterDeletedOlderThan)
			.params(partitionKey, appId, false, latest, cutoffParameter, latest, cutoffParameter)
			.query(Long.class)
			.list();
		for (Long sequenceId : exposed) {
			rewriteAsSnapshot(partitionKey, appId, sequenceId);
		}
		return this.pruning.pruneOlderThan(partitionKey, appId, latest, cutoff);
	}

	private void rewriteAsSnapshot(String partitionKey, String appId, long sequenceId) {
		PersistedState step = this.reader.load(partitionKey, appId, sequenceId)
			.map(DeltaChain.Loaded::step)
			.orElseThrow(() -> new BurrPersistenceException("Step " + sequenceId + " of app '" + appId
					+ "' (partition key '" + partitionKey + "') went away while it was being kept"));
		byte[] snapshot = this.codec.encodeSnapshot(step.state());
		this.jdbc.sql(this.statements.rewriteAsSnapshot)
			.params(true, this.dialect.stateValue(snapshot), partitionKey, appId, sequenceId, false)
			.update();
	}

}
