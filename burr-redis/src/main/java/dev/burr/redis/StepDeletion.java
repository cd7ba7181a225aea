package dev.burr.redis;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import dev.burr.persistence.PersistedState;

import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Deletes stored steps in either layout: a whole app ({@link RedisScripts#DELETE_APP}) or some of its steps
 * ({@link RedisScripts#DELETE_STEPS}), never the latest one when pruning.
 */
final class StepDeletion {

	private final StringRedisTemplate redis;

	private final RedisKeys keys;

	StepDeletion(StringRedisTemplate redis, RedisKeys keys) {
		this.redis = redis;
		this.keys = keys;
	}

	int deleteApp(String partitionKey, String appId) {
		List<String> scriptKeys = new ArrayList<>();
		scriptKeys.add(this.keys.partition(partitionKey));
		scriptKeys.add(this.keys.activity(partitionKey));
		scriptKeys.addAll(this.keys.appIndexes(partitionKey, appId));
		Long deleted = this.redis.execute(RedisScripts.DELETE_APP, scriptKeys, appId,
				this.keys.stepPrefix(partitionKey, appId));
		return (deleted != null) ? deleted.intValue() : 0;
	}

	int pruneKeepLast(String partitionKey, String appId, int keepLast) {
		Set<String> old = this.redis.opsForZSet().range(this.keys.steps(partitionKey, appId), 0, -(keepLast + 1L));
		return deleteSteps(partitionKey, appId, (old != null) ? List.copyOf(old) : List.of());
	}

	int pruneOlderThan(String partitionKey, String appId, List<PersistedState> history, Instant cutoff) {
		return deleteSteps(partitionKey, appId, olderThan(history, cutoff));
	}

	/** The sequence ids of the steps of {@code history} written before {@code cutoff}, all but its latest. */
	static List<String> olderThan(List<PersistedState> history, Instant cutoff) {
		if (history.isEmpty()) {
			return List.of();
		}
		long latest = history.get(history.size() - 1).sequenceId();
		return history.stream()
			.filter(step -> step.sequenceId() != latest && step.createdAt().isBefore(cutoff))
			.map(step -> Long.toString(step.sequenceId()))
			.toList();
	}

	/** Deletes exactly the given steps of an app and returns how many were stored. */
	int deleteSteps(String partitionKey, String appId, List<String> sequenceIds) {
		if (sequenceIds.isEmpty()) {
			return 0;
		}
		List<String> args = new ArrayList<>(sequenceIds.size() + 1);
		args.add(this.keys.stepPrefix(partitionKey, appId));
		args.addAll(sequenceIds);
		Long deleted = this.redis.execute(RedisScripts.DELETE_STEPS, this.keys.appIndexes(partitionKey, appId),
				args.toArray());
		return (deleted != null) ? deleted.intValue() : 0;
	}

}
