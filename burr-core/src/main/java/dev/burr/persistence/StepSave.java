package dev.burr.persistence;

import java.util.Objects;

import dev.burr.core.State;

import org.jspecify.annotations.Nullable;

/**
 * One step to store, as {@link StateSaver#saveAll} takes it: the arguments of
 * {@link StateSaver#save(String, String, long, String, State, Status, StateChange)}.
 *
 * @param partitionKey partition key; {@code null} is stored as {@code ""}
 * @param appId application id
 * @param sequenceId sequence id of the step
 * @param position name of the action that ran
 * @param state state after the action, or before it when {@code status} is {@link Status#FAILED}
 * @param status outcome of the action
 * @param change what the step changed relative to the app's step {@code sequenceId - 1}, or unknown
 */
public record StepSave(@Nullable String partitionKey, String appId, long sequenceId, String position, State state,
		Status status, StateChange change) {

	public StepSave {
		Objects.requireNonNull(appId, "appId must not be null");
		Objects.requireNonNull(position, "position must not be null");
		Objects.requireNonNull(state, "state must not be null");
		Objects.requireNonNull(status, "status must not be null");
		Objects.requireNonNull(change, "change must not be null");
	}

	/** Whether {@code other} is a step of the same application (same partition key and app id). */
	public boolean sameApp(StepSave other) {
		return this.appId.equals(other.appId)
				&& PartitionKeys.normalize(this.partitionKey).equals(PartitionKeys.normalize(other.partitionKey));
	}

	/** "step 3 of app 'a' (partition key 'u')", for messages. */
	public String describe() {
		return "step " + this.sequenceId + " of app '" + this.appId + "' (partition key '"
				+ PartitionKeys.normalize(this.partitionKey) + "')";
	}

}
