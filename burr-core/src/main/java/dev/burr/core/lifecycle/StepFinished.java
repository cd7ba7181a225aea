package dev.burr.core.lifecycle;

import java.util.Map;

import dev.burr.core.Action;
import dev.burr.core.State;
import org.jspecify.annotations.Nullable;

/**
 * An action ran.
 *
 * @param appId application id
 * @param partitionKey partition key, {@code null} when it has none
 * @param sequenceId sequence id of this step
 * @param actionName name of the action
 * @param action the action
 * @param state state after the action, or before it when {@code exception} is set
 * @param result the action's result, {@code null} when it failed
 * @param exception what the action (or the save of its step) threw, {@code null} on success
 */
public record StepFinished(String appId, @Nullable String partitionKey, long sequenceId, String actionName,
		Action action, State state, @Nullable Map<String, @Nullable Object> result, @Nullable Throwable exception) {

}
