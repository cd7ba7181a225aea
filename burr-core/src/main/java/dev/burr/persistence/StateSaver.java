package dev.burr.persistence;

import java.util.ArrayList;
import java.util.List;

import dev.burr.core.State;
import dev.burr.persistence.write.WriteBehind;
import org.jspecify.annotations.Nullable;

/** Write side of persistence: the application saves through it after every step. */
public interface StateSaver {

	/** Creates or migrates the storage this saver needs; safe to call more than once. */
	void initialize();

	/** Whether the storage exists in its current schema; the builder refuses a saver that is not. */
	boolean isInitialized();

	/**
	 * Stores one step. {@code (partitionKey, appId, sequenceId)} identifies it.
	 * @param partitionKey partition key; {@code null} is stored as {@code ""}
	 * @param appId application id
	 * @param sequenceId sequence id of the step
	 * @param position name of the action that ran
	 * @param state state after the action, or before it when {@code status} is {@link Status#FAILED}
	 * @param status outcome of the action
	 * @throws StateConflictException when that step is already stored (another writer got there first)
	 * @throws BurrPersistenceException when the step could not be stored; nothing of it is then stored
	 */
	void save(@Nullable String partitionKey, String appId, long sequenceId, String position, State state,
			Status status);

	/**
	 * Stores one step, told what it changed: the engine calls this method. {@code change} is relative to the
	 * state this application saved at {@code sequenceId - 1} ({@link StateChange#applyTo} of that state gives
	 * {@code state}), or {@linkplain StateChange#unknown() unknown} when the previous step was not saved by this
	 * application instance. A layout that stores changes ({@link StateLayout#DELTA}) writes them instead of the
	 * whole state, and must still store the whole state when the change is unknown or when it cannot be sure
	 * that its stored step {@code sequenceId - 1} is the one the change is relative to. The default ignores
	 * {@code change} and stores the whole state, so persisters that only implement the six-argument
	 * {@link #save(String, String, long, String, State, Status)} keep working unchanged.
	 * @param change what the step changed; never {@code null}
	 */
	default void save(@Nullable String partitionKey, String appId, long sequenceId, String position, State state,
			Status status, StateChange change) {
		save(partitionKey, appId, sequenceId, position, state, status);
	}


	/**
	 * Stores several steps, of one or many apps, in the order given, and says for each whether it was stored:
	 * what group commit and {@link WriteBehind} call. Steps of one app come in ascending sequence order; when one
	 * of them is not stored, the later steps of that app in {@code steps} are not stored either (a gap would
	 * make them unloadable), and their entry says why. A failure of one app's step never fails another app's.
	 * The default saves the steps one by one through
	 * {@link #save(String, String, long, String, State, Status, StateChange)}; persisters override it to store a
	 * batch in one transaction or round trip.
	 * @return one entry per step, in order: {@code null} when it is stored, otherwise why it is not (a
	 * {@link StateConflictException} when another writer stored it first)
	 */
	default List<@Nullable RuntimeException> saveAll(List<StepSave> steps) {
		List<@Nullable RuntimeException> outcomes = new ArrayList<>(steps.size());
		for (int i = 0; i < steps.size(); i++) {
			StepSave step = steps.get(i);
			RuntimeException earlier = BatchOutcomes.earlierFailure(steps, outcomes, i);
			if (earlier != null) {
				outcomes.add(earlier);
				continue;
			}
			try {
				save(step.partitionKey(), step.appId(), step.sequenceId(), step.position(), step.state(), step.status(),
						step.change());
				outcomes.add(null);
			}
			catch (RuntimeException ex) {
				outcomes.add(ex);
			}
		}
		return outcomes;
	}

	/**
	 * The queue that stores this saver's steps behind their callers, for applications built with
	 * {@link Durability#ASYNC}: one per saver, created on first use and shared by all its applications. The
	 * default has none ({@code null}), and such a saver only serves {@link Durability#SYNC} applications.
	 */
	default @Nullable WriteBehind writeBehind() {
		return null;
	}

}
