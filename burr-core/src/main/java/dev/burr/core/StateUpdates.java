package dev.burr.core;

import java.util.Collection;
import java.util.LinkedHashMap;

import org.jspecify.annotations.Nullable;

/**
 * Merges what an action returned into the state, as Burr's {@code _state_update}: internal {@code __} keys the
 * action wrote are ignored, keys it removed are deleted, everything else is set.
 */
final class StateUpdates {

	private StateUpdates() {
	}

	/**
	 * The state after a completed step, made with one copy: {@code written} merged into {@code before}, and the
	 * internal keys set to this step.
	 * @param before state before the action
	 * @param written what the action returned
	 * @param visible keys the action saw; those missing from {@code written} were deleted by it
	 */
	static State complete(State before, State written, Collection<String> visible, String actionName, long stepId) {
		LinkedHashMap<String, @Nullable Object> merged = merge(before, written, visible);
		merged.put(State.PRIOR_STEP_KEY, actionName);
		merged.put(State.SEQUENCE_ID_KEY, stepId);
		return State.wrap(merged);
	}

	private static LinkedHashMap<String, @Nullable Object> merge(State before, State written,
			Collection<String> visible) {
		LinkedHashMap<String, @Nullable Object> merged = new LinkedHashMap<>(before.asMap());
		for (String key : visible) {
			if (!key.startsWith("__") && !written.containsKey(key)) {
				merged.remove(key);
			}
		}
		written.asMap().forEach((key, value) -> {
			if (!key.startsWith("__")) {
				merged.put(key, value);
			}
		});
		return merged;
	}

}
