package dev.burr.redis;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import dev.burr.core.State;
import dev.burr.persistence.BurrPersistenceException;
import dev.burr.persistence.PersistedState;
import dev.burr.persistence.delta.DeltaChain;
import dev.burr.persistence.delta.DeltaCodec;

import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Prunes the delta layout so that every kept step stays loadable: before any step goes, each kept delta whose
 * previous step is about to be deleted is rewritten as a snapshot of the same state
 * ({@link DeltaScripts#REWRITE_AS_SNAPSHOT}, so a kept step is loadable at every moment, also when the deletes
 * fail midway); then {@link StepDeletion} deletes exactly the steps chosen.
 */
final class DeltaPruning {

	private final StringRedisTemplate redis;

	private final RedisKeys keys;

	private final StepDeletion deletion;

	private final DeltaStepReader reader;

	private final DeltaCodec codec;

	DeltaPruning(StringRedisTemplate redis, RedisKeys keys, StepDeletion deletion, DeltaStepReader reader,
			DeltaCodec codec) {
		this.redis = redis;
		this.keys = keys;
		this.deletion = deletion;
		this.reader = reader;
		this.codec = codec;
	}

	int deleteApp(String partitionKey, String appId) {
		return this.deletion.deleteApp(partitionKey, appId);
	}

	int pruneKeepLast(String partitionKey, String appId, int keepLast) {
		List<String> stored = storedSequenceIds(partitionKey, appId);
		if (stored.size() <= keepLast) {
			return 0;
		}
		List<String> deleted = stored.subList(0, stored.size() - keepLast);
		long oldestKept = Long.parseLong(stored.get(stored.size() - keepLast));
		if (!snapshots(partitionKey, appId).contains(Long.toString(oldestKept))) {
			PersistedState step = this.reader.load(partitionKey, appId, oldestKept)
				.map(DeltaChain.Loaded::step)
				.orElseThrow(() -> new BurrPersistenceException("Step " + oldestKept + " of app '" + appId
						+ "' (partition key '" + partitionKey + "') went away while it was being kept"));
			rewriteAsSnapshot(partitionKey, appId, oldestKept, step.state());
		}
		return this.deletion.deleteSteps(partitionKey, appId, List.copyOf(deleted));
	}

	int pruneOlderThan(String partitionKey, String appId, List<PersistedState> history, Instant cutoff) {
		List<String> deleted = StepDeletion.olderThan(history, cutoff);
		if (deleted.isEmpty()) {
			return 0;
		}
		Set<String> gone = new HashSet<>(deleted);
		Set<String> snapshots = snapshots(partitionKey, appId);
		for (PersistedState step : history) {
			String seq = Long.toString(step.sequenceId());
			if (!gone.contains(seq) && gone.contains(Long.toString(step.sequenceId() - 1))
					&& !snapshots.contains(seq)) {
				rewriteAsSnapshot(partitionKey, appId, step.sequenceId(), step.state());
			}
		}
		return this.deletion.deleteSteps(partitionKey, appId, deleted);
	}

	private void rewriteAsSnapshot(String partitionKey, String appId, long sequenceId, State state) {
		String data = new String(this.codec.encodeSnapshot(state), StandardCharsets.UTF_8);
		this.redis.execute(DeltaScripts.REWRITE_AS_SNAPSHOT,
				List.of(this.keys.step(partitionKey, appId, sequenceId), this.keys.snapshots(partitionKey, appId)),
				Long.toString(sequenceId), data);
	}

	private List<String> storedSequenceIds(String partitionKey, String appId) {
		Set<String> stored = this.redis.opsForZSet().range(this.keys.steps(partitionKey, appId), 0, -1);
		return (stored != null) ? List.copyOf(stored) : List.of();
	}

	private Set<String> snapshots(String partitionKey, String appId) {
		Set<String> stored = this.redis.opsForZSet().range(this.keys.snapshots(partitionKey, appId), 0, -1);
		return (stored != null) ? stored : Set.of();
	}

}
