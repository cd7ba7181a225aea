package dev.burr.persistence.delta;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import dev.burr.core.State;
import dev.burr.persistence.PersistedState;
import dev.burr.persistence.StateChange;
import org.jspecify.annotations.Nullable;

/**
 * Decides how each step of the delta layout is stored, and encodes it: whole (a snapshot) for an app's first
 * step, a fork's first step, a step whose change is unknown, a step after one this planner did not see stored,
 * every {@code snapshotEvery} steps, and when the deltas since the last snapshot would outgrow it (so that a load
 * reads at most about twice the state); otherwise only the step's change. It remembers, for each app it saved
 * planned or loaded recently, where its chain stands ({@link ChainStats}); forgetting an app only costs a snapshot.
 * Thread-safe.
 */
public final class DeltaPlanner {

	/** The most steps in one chain unless a persister's builder says otherwise. */
	public static final int DEFAULT_SNAPSHOT_EVERY = 1000;

	/** How many apps' chains are remembered; the least recently used is forgotten first. */
	public static final int TRACKED_APPS = 10_000;

	private final DeltaCodec codec;

	private final int snapshotEvery;

	private final Map<AppKey, Tracked> chains = new LinkedHashMap<>(64, 0.75f, true) {

		private static final long serialVersionUID = 1L;

		@Override
		protected boolean removeEldestEntry(Map.Entry<AppKey, Tracked> eldest) {
			return size() > TRACKED_APPS;
		}

	};

	/**
	 * @param snapshotEvery most steps in one chain, the snapshot included; 1 stores every step whole
	 */
	public DeltaPlanner(DeltaCodec codec, int snapshotEvery) {
		this.codec = Objects.requireNonNull(codec, "codec");
		this.snapshotEvery = checkSnapshotEvery(snapshotEvery);
	}

	/**
	 * {@code snapshotEvery}, checked as the persisters' builders take it.
	 * @throws IllegalArgumentException naming {@code snapshotEvery} when it is below 1
	 */
	public static int checkSnapshotEvery(int snapshotEvery) {
		if (snapshotEvery < 1) {
			throw new IllegalArgumentException("snapshotEvery must be 1 or more, but was " + snapshotEvery);
		}
		return snapshotEvery;
	}

	/** The codec steps are encoded with. */
	public DeltaCodec codec() {
		return this.codec;
	}

	/**
	 * How to store step {@code sequenceId} of an app. The plan is remembered at once, so that the app's next step
	 * can be a delta on it while this one is still being written (a batch, a write-behind queue); the layout
	 * {@linkplain #forget forgets} the app when the step turns out not to be stored.
	 * @param change what the step changed relative to the app's stored step {@code sequenceId - 1}
	 */
	public PlannedStep plan(String partitionKey, String appId, long sequenceId, State state, StateChange change) {
		PlannedStep planned = planned(chainBefore(partitionKey, appId, sequenceId), state, change);
		remember(partitionKey, appId, sequenceId, planned.after());
		return planned;
	}

	private PlannedStep planned(@Nullable ChainStats chain, State state, StateChange change) {
		if (change.isKnown() && chain != null && chain.steps() < this.snapshotEvery) {
			byte[] delta = this.codec.encodeDelta(state, change.changes());
			if (delta != null && chain.deltaBytes() + delta.length <= chain.snapshotBytes()) {
				return new PlannedStep(false, delta,
						new ChainStats(chain.snapshotBytes(), chain.deltaBytes() + delta.length, chain.steps() + 1));
			}
		}
		byte[] snapshot = this.codec.encodeSnapshot(state);
		return new PlannedStep(true, snapshot, new ChainStats(snapshot.length, 0, 1));
	}

	/**
	 * The step a load found; when the latest was asked for ({@code sequenceId} {@code null}), remembers where the
	 * app's chain stands, so that its next step can be a delta.
	 */
	public Optional<PersistedState> loaded(String partitionKey, String appId, @Nullable Long sequenceId,
			Optional<DeltaChain.Loaded> loaded) {
		if (sequenceId == null) {
			loaded.ifPresent((found) -> loaded(partitionKey, appId, found.step().sequenceId(), found.chain()));
		}
		return loaded.map(DeltaChain.Loaded::step);
	}

	/** Remembers where an app's chain stands after a load of its step {@code sequenceId}. */
	public void loaded(String partitionKey, String appId, long sequenceId, ChainStats chain) {
		remember(partitionKey, appId, sequenceId, chain);
	}

	/** Forgets an app (deleted, pruned, or a save failed): its next step is stored whole. */
	public void forget(String partitionKey, String appId) {
		synchronized (this.chains) {
			this.chains.remove(new AppKey(partitionKey, appId));
		}
	}

	private void remember(String partitionKey, String appId, long sequenceId, ChainStats chain) {
		synchronized (this.chains) {
			this.chains.put(new AppKey(partitionKey, appId), new Tracked(sequenceId, chain));
		}
	}

	private @Nullable ChainStats chainBefore(String partitionKey, String appId,
			long sequenceId) {
		Tracked tracked;
		synchronized (this.chains) {
			tracked = this.chains.get(new AppKey(partitionKey, appId));
		}
		return (tracked != null && tracked.sequenceId() == sequenceId - 1) ? tracked.chain() : null;
	}

	/**
	 * One step, encoded.
	 * @param snapshot whether {@code data} is the whole state
	 * @param data the JSON to store, in UTF-8
	 * @param after the chain once the step is stored
	 */
	public record PlannedStep(boolean snapshot, byte[] data, ChainStats after) {
	}

	/**
	 * Where a chain stands.
	 * @param snapshotBytes bytes of its snapshot
	 * @param deltaBytes bytes of its deltas so far
	 * @param steps its rows so far, the snapshot included
	 */
	public record ChainStats(long snapshotBytes, long deltaBytes, int steps) {
	}

	private record AppKey(String partitionKey, String appId) {
	}

	private record Tracked(long sequenceId, ChainStats chain) {
	}

}
