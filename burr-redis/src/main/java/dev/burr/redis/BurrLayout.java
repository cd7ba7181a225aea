package dev.burr.redis;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import dev.burr.core.State;
import dev.burr.persistence.AppSummary;
import dev.burr.persistence.PersistedState;
import dev.burr.persistence.StateChange;
import dev.burr.persistence.Status;
import dev.burr.serde.StateSerde;
import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Burr's key layout, which Python Burr's {@code RedisBasePersister} reads and writes: a {@link StepHash} per
 * step and a partition set of app ids scored by their highest sequence id, plus this persister's steps index and
 * activity set, all named by {@link RedisKeys} and written by {@link RedisScripts}. Each job is a type of its
 * own: {@link BurrStepWriter} saves, {@link BurrStepReader} loads and reads history, {@link AppListing}
 * lists, {@link StepDeletion} deletes.
 */
final class BurrLayout implements RedisLayout {

	private final BurrStepWriter writer;

	private final BurrStepReader reader;

	private final AppListing listing;

	private final StepDeletion deletion;

	/**
	 * @param ttl how long each key lives after the last write, or {@code null} for ever
	 * @param refreshTtlOnLoad whether a load gives the loaded step and its app's sets the TTL again
	 */
	BurrLayout(StringRedisTemplate redis, RedisKeys keys, StateSerde serde, @Nullable Duration ttl,
			boolean refreshTtlOnLoad) {
		this.writer = new BurrStepWriter(keys, serde, ttl);
		this.reader = new BurrStepReader(redis, keys, serde, refreshTtlOnLoad ? ttl : null);
		this.listing = new AppListing(redis, keys);
		this.deletion = new StepDeletion(redis, keys);
	}

	@Override
	public StepWrite save(String partitionKey, String appId, long sequenceId, String position, State state,
			Status status, StateChange change) {
		return this.writer.save(partitionKey, appId, sequenceId, position, state, status);
	}

	@Override
	public Optional<PersistedState> load(String partitionKey, String appId, @Nullable Long sequenceId) {
		return this.reader.load(partitionKey, appId, sequenceId);
	}

	@Override
	public List<PersistedState> history(String partitionKey, String appId) {
		return this.reader.history(partitionKey, appId);
	}

	@Override
	public List<String> listAppIds(String partitionKey) {
		return this.listing.appIds(partitionKey);
	}

	@Override
	public List<AppSummary> listApps(String partitionKey, int offset, int limit) {
		return this.listing.page(partitionKey, offset, limit);
	}

	@Override
	public int deleteApp(String partitionKey, String appId) {
		return this.deletion.deleteApp(partitionKey, appId);
	}

	@Override
	public int pruneKeepLast(String partitionKey, String appId, int keepLast) {
		return this.deletion.pruneKeepLast(partitionKey, appId, keepLast);
	}

	@Override
	public int pruneOlderThan(String partitionKey, String appId, List<PersistedState> history, Instant cutoff) {
		return this.deletion.pruneOlderThan(partitionKey, appId, history, cutoff);
	}

}
