package dev.burr.core;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Merges what an action returned into the state, as Burr's {@code _state_update}: internal {@code __} keys the
 * action wrote are ignored, keys it removed are deleted, everything else is set.
 */
final class StateUpdates {

	private StateUpdates() {
	}

	/**
	 * @param before state before the action
	 * @param written what the action returned
	 * @param visible keys the action saw; those missing from {@code written} were deleted by it
	 */
	static State apply(State before, State written, Collection<String> visible) {
		Map<String, @Nullable Object> merged = new LinkedHashMap<>(before.asMap());
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
		return State.of(merged);
	}

}
