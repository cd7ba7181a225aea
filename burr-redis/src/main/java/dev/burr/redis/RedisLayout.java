package dev.burr.redis;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

import dev.burr.core.State;
import dev.burr.persistence.AppSummary;
import dev.burr.persistence.PersistedState;
import dev.burr.persistence.StateChange;
import dev.burr.persistence.Status;
import org.jspecify.annotations.Nullable;

/**
 * How steps are kept in Redis keys: what {@link RedisStatePersister} delegates to once it has checked the
 * arguments. {@link BurrLayout} is Burr's; a layout owns its keys and scripts. Partition keys arrive normalized
 * and app ids checked; Redis failures are left to the persister, which names the operation. {@link DeltaLayout}
 * stores only what each step changed.
 */
interface RedisLayout {

	/**
	 * The write that saves one step, built without touching Redis: the persister runs it alone, a group commit
	 * can pipeline several apps' writes.
	 */
	StepWrite save(String partitionKey, String appId, long sequenceId, String position, State state, Status status,
			StateChange change);

	/** Called once {@code write} stored its step. */
	default void stored(StepWrite write) {
	}

	/** Called when {@code write} did not store its step: it conflicted or Redis failed. */
	default void notStored(StepWrite write) {
	}

	/** The given step, or the latest when {@code sequenceId} is {@code null}. */
	Optional<PersistedState> load(String partitionKey, String appId, @Nullable Long sequenceId);

	/** Every stored step of one app, by ascending sequence id. */
	List<PersistedState> history(String partitionKey, String appId);

	/** Every stored step of one app, by ascending sequence id, each handed over as soon as it is read. */
	default void forEachStep(String partitionKey, String appId, Consumer<PersistedState> steps) {
		history(partitionKey, appId).forEach(steps);
	}

	/** A partition's app ids, newest write first. */
	List<String> listAppIds(String partitionKey);

	/** One page of a partition's apps, newest write first. */
	List<AppSummary> listApps(String partitionKey, int offset, int limit);

	/** Deletes every stored step of one app and returns how many were deleted. */
	int deleteApp(String partitionKey, String appId);

	/** Deletes all but the {@code keepLast} most recent steps of one app and returns how many were deleted. */
	int pruneKeepLast(String partitionKey, String appId, int keepLast);

	/**
	 * Deletes the steps of {@code history} (the app's, as {@link #history} read it) written before
	 * {@code cutoff}, keeping the latest, and returns how many were deleted.
	 */
	int pruneOlderThan(String partitionKey, String appId, List<PersistedState> history, Instant cutoff);

}
