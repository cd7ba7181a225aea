package dev.burr.redis;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import dev.burr.core.State;
import dev.burr.persistence.Status;
import dev.burr.serde.StateSerde;
import org.jspecify.annotations.Nullable;

/**
 * Where a save goes in Burr's layout: one {@link RedisScripts#SAVE} call that writes the step hash, raises the
 * app's score in the partition set, indexes the step and the app, and applies the TTL to all four keys.
 */
final class BurrStepWriter {

	private static final int FIXED_ARGS = 3;

	private final RedisKeys keys;

	private final StateSerde serde;

	private final String ttlMillis;

	BurrStepWriter(RedisKeys keys, StateSerde serde, @Nullable Duration ttl) {
		this.keys = keys;
		this.serde = serde;
		this.ttlMillis = Long.toString((ttl != null) ? ttl.toMillis() : 0L);
	}

	StepWrite save(String partitionKey, String appId, long sequenceId, String position, State state,
			Status status) {
		byte[] json = this.serde.toJsonBytes(state);
		String seq = Long.toString(sequenceId);
		Object[] args = new Object[FIXED_ARGS + 2 * StepHash.FIELDS.size()];
		args[0] = this.ttlMillis;
		args[1] = appId;
		args[2] = seq;
		StepHash.putFields(args, FIXED_ARGS, partitionKey, appId, seq, position, json, status, Instant.now());
		List<String> scriptKeys = List.of(this.keys.step(partitionKey, appId, sequenceId),
				this.keys.partition(partitionKey), this.keys.steps(partitionKey, appId),
				this.keys.activity(partitionKey));
		return new StepWrite(RedisScripts.SAVE, scriptKeys, args);
	}

}
