package dev.burr.redis;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

import dev.burr.core.State;
import dev.burr.persistence.AppSummary;
import dev.burr.persistence.PersistedState;
import dev.burr.persistence.StateChange;
import dev.burr.persistence.Status;
import dev.burr.persistence.delta.DeltaChain;
import dev.burr.persistence.delta.DeltaCodec;
import dev.burr.persistence.delta.DeltaPlanner;
import dev.burr.serde.StateSerde;
import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * The delta layout: keys of its own ({@link RedisKeys#delta}), one hash per step holding either a snapshot of
 * the whole state or only what the step changed, as {@link DeltaPlanner} decides, and a sorted set of the
 * snapshots so that a load finds where its chain starts. A save is one {@link DeltaScripts#SAVE}; steps are read
 * by {@link DeltaStepReader}, apps listed by {@link AppListing}, deletes run through {@link DeltaPruning}. Only
 * Burr for Java reads these keys.
 */
final class DeltaLayout implements RedisLayout {

	/** Steps read per round trip when every step of an app is read. */
	private static final int PAGE_SIZE = 200;

	private static final int FIXED_ARGS = 5;

	private final RedisKeys keys;

	private final DeltaPlanner planner;

	private final DeltaStepReader reader;

	private final AppListing listing;

	private final DeltaPruning pruning;

	private final String ttlMillis;

	/**
	 * @param ttl how long each key lives after the last write, or {@code null} for ever
	 * @param refreshTtlOnLoad whether a load gives the loaded chain and its app's sets the TTL again
	 */
	DeltaLayout(StringRedisTemplate redis, RedisKeys keys, StateSerde serde, int snapshotEvery,
			@Nullable Duration ttl, boolean refreshTtlOnLoad) {
		this.keys = keys;
		DeltaCodec codec = new DeltaCodec(serde);
		this.planner = new DeltaPlanner(codec, snapshotEvery);
		this.reader = new DeltaStepReader(redis, keys, new DeltaChain(codec), refreshTtlOnLoad ? ttl : null,
				PAGE_SIZE);
		this.listing = new AppListing(redis, keys);
		this.pruning = new DeltaPruning(redis, keys, new StepDeletion(redis, keys), this.reader, codec);
		this.ttlMillis = Long.toString((ttl != null) ? ttl.toMillis() : 0L);
	}

	@Override
	public StepWrite save(String partitionKey, String appId, long sequenceId, String position, State state,
			Status status, StateChange change) {
		DeltaPlanner.PlannedStep planned = this.planner.plan(partitionKey, appId, sequenceId, state, change);
		String seq = Long.toString(sequenceId);
		Object[] args = new Object[FIXED_ARGS + DeltaStepHash.SLOTS];
		args[0] = this.ttlMillis;
		args[1] = appId;
		args[2] = seq;
		args[3] = planned.snapshot() ? "1" : "0";
		args[4] = this.keys.stepPrefix(partitionKey, appId);
		DeltaStepHash.putFields(args, FIXED_ARGS, position, status, Instant.now(), planned.snapshot(),
				planned.data());
		List<String> scriptKeys = List.of(this.keys.step(partitionKey, appId, sequenceId),
				this.keys.partition(partitionKey), this.keys.steps(partitionKey, appId),
				this.keys.activity(partitionKey), this.keys.snapshots(partitionKey, appId));
		return new StepWrite(DeltaScripts.SAVE, scriptKeys, args,
				new Saved(partitionKey, appId));
	}

	@Override
	public void notStored(StepWrite write) {
		Saved saved = (Saved) write.layoutData();
		this.planner.forget(saved.partitionKey(), saved.appId());
	}

	/** Loading the latest step tells the planner where the app's chain stands, so its next step can be a delta. */
	@Override
	public Optional<PersistedState> load(String partitionKey, String appId, @Nullable Long sequenceId) {
		return this.planner.loaded(partitionKey, appId, sequenceId,
				this.reader.load(partitionKey, appId, sequenceId));
	}

	@Override
	public List<PersistedState> history(String partitionKey, String appId) {
		List<PersistedState> steps = new ArrayList<>();
		forEachStep(partitionKey, appId, steps::add);
		return List.copyOf(steps);
	}

	@Override
	public void forEachStep(String partitionKey, String appId, Consumer<PersistedState> steps) {
		this.reader.forEachStep(partitionKey, appId, steps);
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
		this.planner.forget(partitionKey, appId);
		return this.pruning.deleteApp(partitionKey, appId);
	}

	@Override
	public int pruneKeepLast(String partitionKey, String appId, int keepLast) {
		return this.pruning.pruneKeepLast(partitionKey, appId, keepLast);
	}

	@Override
	public int pruneOlderThan(String partitionKey, String appId, List<PersistedState> history, Instant cutoff) {
		return this.pruning.pruneOlderThan(partitionKey, appId, history, cutoff);
	}

	/** Which app the planner forgets when a save did not store its step. */
	private record Saved(String partitionKey, String appId) {
	}

}
