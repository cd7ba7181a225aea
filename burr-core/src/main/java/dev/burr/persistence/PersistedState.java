package dev.burr.persistence;

import java.time.Instant;
import java.util.Objects;

import dev.burr.core.State;

/**
 * One stored step of an application: Burr's {@code PersistedStateData}.
 *
 * @param partitionKey partition key, {@code ""} when the application has none
 * @param appId application id
 * @param sequenceId sequence id of the step that produced this record
 * @param position name of the action that ran at this sequence id
 * @param state state after the action ({@link Status#COMPLETED}) or before it ({@link Status#FAILED})
 * @param createdAt when the record was written, in UTC
 * @param status whether the action completed or failed
 */
public record PersistedState(String partitionKey, String appId, long sequenceId, String position, State state,
		Instant createdAt, Status status) {

	public PersistedState {
		Objects.requireNonNull(partitionKey, "partitionKey");
		Objects.requireNonNull(appId, "appId");
		Objects.requireNonNull(position, "position");
		Objects.requireNonNull(state, "state");
		Objects.requireNonNull(createdAt, "createdAt");
		Objects.requireNonNull(status, "status");
	}

}
