package dev.burr.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import dev.burr.persistence.PersistedState;
import dev.burr.serde.StateSerde;
import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Where a load comes from in Burr's layout: the step hash, found through the app's score in the partition set
 * when no sequence id is given; and an app's history, the hashes of its indexed steps and of its latest one.
 */
final class BurrStepReader {

	private final StringRedisTemplate redis;

	private final RedisKeys keys;

	private final StateSerde serde;

	private final @Nullable String touchTtlMillis;

	/** @param touchTtl the TTL a load gives the step and its app's sets again, or {@code null} for none */
	BurrStepReader(StringRedisTemplate redis, RedisKeys keys, StateSerde serde, @Nullable Duration touchTtl) {
		this.redis = redis;
		this.keys = keys;
		this.serde = serde;
		this.touchTtlMillis = (touchTtl != null) ? Long.toString(touchTtl.toMillis()) : null;
	}

	Optional<PersistedState> load(String partitionKey, String appId, @Nullable Long sequenceId) {
		Long seq = (sequenceId != null) ? sequenceId : latestSequenceId(partitionKey, appId);
		if (seq == null) {
			return Optional.empty();
		}
		String key = this.keys.step(partitionKey, appId, seq);
		Map<String, String> hash = this.redis.<String, String>opsForHash().entries(key);
		if (hash.isEmpty()) {
			return Optional.empty();
		}
		PersistedState loaded = StepHash.read(key, hash, partitionKey, appId, this.serde);
		if (this.touchTtlMillis != null) {
			this.redis.execute(RedisScripts.TOUCH, List.of(key, this.keys.partition(partitionKey),
					this.keys.steps(partitionKey, appId), this.keys.activity(partitionKey)), this.touchTtlMillis);
		}
		return Optional.of(loaded);
	}

	List<PersistedState> history(String partitionKey, String appId) {
		List<Long> sequenceIds = List.copyOf(storedSequenceIds(partitionKey, appId));
		List<Object> hashes = this.redis.executePipelined((RedisCallback<Object>) connection -> {
			sequenceIds.forEach(seq -> connection.hashCommands()
				.hGetAll(RedisKeys.bytes(this.keys.step(partitionKey, appId, seq))));
			return null;
		});
		List<PersistedState> steps = new ArrayList<>(sequenceIds.size());
		for (int i = 0; i < sequenceIds.size(); i++) {
			@SuppressWarnings("unchecked")
			Map<String, String> hash = (Map<String, String>) hashes.get(i);
			if (hash != null && !hash.isEmpty()) {
				steps.add(StepHash.read(this.keys.step(partitionKey, appId, sequenceIds.get(i)), hash, partitionKey,
						appId, this.serde));
			}
		}
		return List.copyOf(steps);
	}

	private TreeSet<Long> storedSequenceIds(String partitionKey, String appId) {
		TreeSet<Long> sequenceIds = new TreeSet<>();
		Set<String> indexed = this.redis.opsForZSet().range(this.keys.steps(partitionKey, appId), 0, -1);
		if (indexed != null) {
			indexed.forEach(seq -> sequenceIds.add(Long.parseLong(seq)));
		}
		Long latest = latestSequenceId(partitionKey, appId);
		if (latest != null) {
			sequenceIds.add(latest);
		}
		return sequenceIds;
	}

	private @Nullable Long latestSequenceId(String partitionKey, String appId) {
		Double score = this.redis.opsForZSet().score(this.keys.partition(partitionKey), appId);
		return (score != null) ? score.longValue() : null;
	}

}
