package dev.burr.core;

import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * One completed step.
 *
 * @param action name of the action that ran
 * @param sequenceId its sequence id
 * @param result the action's result
 * @param state the application's state after it
 */
public record StepResult(String action, long sequenceId, Map<String, @Nullable Object> result, State state) {

}
