package dev.burr.persistence;

import java.util.Objects;

import org.jspecify.annotations.Nullable;

/** Operations across stores: moving an application's stored history from one store or layout to another. */
public final class StateStores {

	private StateStores() {
	}

	/**
	 * Copies every stored step of one application from {@code from} to {@code to}, oldest first, one step at a
	 * time (never the whole history in memory), keeping sequence ids, positions and statuses; {@code created_at}
	 * is the target's clock. Each step is saved with its change from the step before, so a
	 * {@link StateLayout#DELTA} target stores deltas, and a {@link StateLayout#BURR} target whole states that
	 * Python Burr and the Burr UI read. Use it to compact a Burr table into the delta layout, or to export a
	 * delta app for Python Burr.
	 * @return how many steps were copied
	 * @throws IllegalStateException when {@code to} already holds steps of the application
	 * @throws StateConflictException when another writer stores a step of it in {@code to} during the copy
	 */
	public static long copy(StateStore from, StateStore to, @Nullable String partitionKey, String appId) {
		Objects.requireNonNull(from, "from must not be null");
		Objects.requireNonNull(to, "to must not be null");
		StoreArguments.checkAppId(appId);
		if (from == to) {
			throw new IllegalArgumentException("Cannot copy app '" + appId + "' onto the store it is read from");
		}
		to.load(partitionKey, appId).ifPresent((existing) -> {
			throw new IllegalStateException("Cannot copy app '" + appId + "' (partition key '"
					+ PartitionKeys.normalize(partitionKey) + "'): the target already stores it, up to step "
					+ existing.sequenceId() + ". Delete it there first (deleteApp) or copy another app.");
		});
		Copy copy = new Copy(to);
		from.forEachStep(partitionKey, appId, copy::save);
		return copy.count;
	}

	/** The steps copied so far and the last one, which the next step's change is relative to. */
	private static final class Copy {

		private final StateSaver to;

		private @Nullable PersistedState previous;

		private long count;

		Copy(StateSaver to) {
			this.to = to;
		}

		void save(PersistedState step) {
			PersistedState last = this.previous;
			StateChange change = (last != null && last.sequenceId() == step.sequenceId() - 1)
					? StateChange.between(last.state(), step.state()) : StateChange.unknown();
			this.to.save(step.partitionKey(), step.appId(), step.sequenceId(), step.position(), step.state(),
					step.status(), change);
			this.previous = step;
			this.count++;
		}

	}

}
