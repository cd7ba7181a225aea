package dev.burr.core;

import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Where {@code Application.run} stopped, as Burr's {@code (action, result, state)}.
 *
 * @param action the last action that ran, or the action halted before; {@code null} when nothing was left
 * @param result the last action's result; {@code null} when halted before an action or nothing ran
 * @param state the application's state
 */
public record RunResult(@Nullable String action, @Nullable Map<String, @Nullable Object> result, State state) {

}
