package dev.burr.core.lifecycle;

import java.util.Map;

import dev.burr.core.Action;
import dev.burr.core.State;
import org.jspecify.annotations.Nullable;

/**
 * An action is about to run.
 *
 * @param appId application id
 * @param partitionKey partition key, {@code null} when it has none
 * @param sequenceId sequence id of this step
 * @param actionName name of the action
 * @param action the action
 * @param state state the action will read ({@code __SEQUENCE_ID} already set)
 * @param inputs the inputs the action declared and received
 */
public record StepStarted(String appId, @Nullable String partitionKey, long sequenceId, String actionName,
		Action action, State state, Map<String, @Nullable Object> inputs) {

}
