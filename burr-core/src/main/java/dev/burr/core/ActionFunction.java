package dev.burr.core;

import java.util.Map;

import org.jspecify.annotations.Nullable;

/** Body of a function-based action: the new state from the current state and the inputs. */
@FunctionalInterface
public interface ActionFunction {

	State apply(State state, Map<String, @Nullable Object> inputs);

}
