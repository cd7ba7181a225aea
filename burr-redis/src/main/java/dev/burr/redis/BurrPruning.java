package dev.burr.redis;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import dev.burr.persistence.PersistedState;

import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Deleting steps in Burr's layout: a whole app ({@link RedisScripts#DELETE_APP}) or some of its steps
 * ({@link RedisScripts#DELETE_STEPS}), never the latest one when pruning.
 */
final class BurrPruning {

	private final StringRedisTemplate redis;

	private final RedisKeys keys;

	BurrPruning(StringRedisTemplate redis, RedisKeys keys) {
		this.redis = redis;
		this.keys = keys;
	}

	int deleteApp(String partitionKey, String appId) {
		Long deleted = this.redis.execute(RedisScripts.DELETE_APP,
				List.of(this.keys.partition(partitionKey), this.keys.steps(partitionKey, appId),
						this.keys.activity(partitionKey)),
				appId, this.keys.stepPrefix(partitionKey, appId));
		return (deleted != null) ? deleted.intValue() : 0;
	}

	int pruneKeepLast(String partitionKey, String appId, int keepLast) {
		Set<String> old = this.redis.opsForZSet().range(this.keys.steps(partitionKey, appId), 0, -(keepLast + 1L));
		return deleteSteps(partitionKey, appId, (old != null) ? List.copyOf(old) : List.of());
	}

	int pruneOlderThan(String partitionKey, String appId, List<PersistedState> history, Instant cutoff) {
		if (history.isEmpty()) {
			return 0;
		}
		long latest = history.get(history.size() - 1).sequenceId();
		List<String> old = history.stream()
			.filter(step -> step.sequenceId() != latest && step.createdAt().isBefore(cutoff))
			.map(step -> Long.toString(step.sequenceId()))
			.toList();
		return deleteSteps(partitionKey, appId, old);
	}

	private int deleteSteps(String partitionKey, String appId, List<String> sequenceIds) {
		if (sequenceIds.isEmpty()) {
			return 0;
		}
		List<String> args = new ArrayList<>(sequenceIds.size() + 1);
		args.add(this.keys.stepPrefix(partitionKey, appId));
		args.addAll(sequenceIds);
		Long deleted = this.redis.execute(RedisScripts.DELETE_STEPS, List.of(this.keys.steps(partitionKey, appId)),
				args.toArray());
		return (deleted != null) ? deleted.intValue() : 0;
	}

}
