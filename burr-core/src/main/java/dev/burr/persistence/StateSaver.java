package dev.burr.persistence;

import dev.burr.core.State;
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

}
