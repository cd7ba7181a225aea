package dev.burr.core;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.burr.persistence.StateChange;
import dev.burr.persistence.StateChange.Append;
import dev.burr.persistence.StateChange.KeyChange;
import dev.burr.persistence.StateChange.Put;
import dev.burr.persistence.StateChange.Remove;
import org.jspecify.annotations.Nullable;

/**
 * Tells what a completed step changed relative to the state before it, from the operations the action's
 * state was made with ({@link State#operationsSince}), never by comparing whole states: a key only appended to
 * is an {@link Append} of the new items, any other touched key a {@link Put} of its new value or a
 * {@link Remove}. An action that built its state anew gives a {@link Put} per key whose value is not the very
 * object it was before.
 */
final class StepChanges {

	private StepChanges() {
	}

	/**
	 * The change from {@code before} (the previous step's state with this step's sequence id) to
	 * {@code completed}, computed when first asked for.
	 * @param base the state the action's writes were made from: {@code before}, or the subset it could write
	 * @param written what the action returned
	 * @param visible keys the action saw; those missing from {@code written} were removed
	 */
	static StateChange completed(State before, State base, State written, State completed,
			Collection<String> visible) {
		return StateChange.computed(() -> compute(before, base, written, completed, visible));
	}

	/**
	 * {@code step}, relative to {@code saved} instead of {@code current} (which was made from {@code saved} by
	 * operations, as when a loaded state's {@code __PRIOR_STEP} is reset): the keys those operations touched come
	 * first, as their value in {@code current}.
	 */
	static StateChange since(State saved, State current, StateChange step) {
		if (current == saved) {
			return step;
		}
		return StateChange.computed(() -> {
			List<Operation> operations = current.operationsSince(saved);
			List<KeyChange> changes = new ArrayList<>();
			Set<String> seen = new HashSet<>();
			for (Operation operation : (operations != null) ? operations : List.<Operation>of()) {
				String key = operation.key;
				if (!seen.add(key)) {
					continue;
				}
				if (current.containsKey(key)) {
					changes.add(new Put(key, current.asMap().get(key)));
				}
				else if (saved.containsKey(key)) {
					changes.add(new Remove(key));
				}
			}
			changes.addAll(step.changes());
			return changes;
		});
	}

	/** The change of a failed step, which stores the state before it: only the sequence id moves. */
	static StateChange failed(State before) {
		return StateChange.of(List.of(new Put(State.SEQUENCE_ID_KEY, before.get(State.SEQUENCE_ID_KEY))));
	}

	private static List<KeyChange> compute(State before, State base, State written, State completed,
			Collection<String> visible) {
		Map<String, KeyChange> changes = new LinkedHashMap<>();
		List<Operation> operations = written.operationsSince(base);
		if (operations != null) {
			fromOperations(operations, before, completed, changes);
		}
		else {
			for (Map.Entry<String, @Nullable Object> entry : written.asMap().entrySet()) {
				String key = entry.getKey();
				if (!key.startsWith("__") && (!before.containsKey(key) || before.asMap().get(key) != entry.getValue())) {
					changes.put(key, new Put(key, completed.asMap().get(key)));
				}
			}
		}
		for (String key : visible) {
			if (!key.startsWith("__") && !completed.containsKey(key) && before.containsKey(key)) {
				changes.putIfAbsent(key, new Remove(key));
			}
		}
		changes.put(State.PRIOR_STEP_KEY, new Put(State.PRIOR_STEP_KEY, completed.get(State.PRIOR_STEP_KEY)));
		changes.put(State.SEQUENCE_ID_KEY, new Put(State.SEQUENCE_ID_KEY, completed.get(State.SEQUENCE_ID_KEY)));
		return new ArrayList<>(changes.values());
	}

	private static void fromOperations(List<Operation> operations, State before, State completed,
			Map<String, KeyChange> changes) {
		Set<String> touched = new LinkedHashSet<>();
		Set<String> notOnlyAppended = new HashSet<>();
		Map<String, List<@Nullable Object>> appended = new LinkedHashMap<>();
		for (Operation operation : operations) {
			if (operation.key.startsWith("__")) {
				continue;
			}
			touched.add(operation.key);
			switch (operation.kind) {
				case APPEND -> appended.computeIfAbsent(operation.key, k -> new ArrayList<>()).add(operation.argument);
				case EXTEND -> appended.computeIfAbsent(operation.key, k -> new ArrayList<>())
					.addAll((Collection<?>) operation.argument);
				default -> notOnlyAppended.add(operation.key);
			}
		}
		for (String key : touched) {
			if (!completed.containsKey(key)) {
				if (before.containsKey(key)) {
					changes.put(key, new Remove(key));
				}
			}
			else if (notOnlyAppended.contains(key)) {
				changes.put(key, new Put(key, completed.asMap().get(key)));
			}
			else {
				changes.put(key, new Append(key, appended.get(key)));
			}
		}
	}

}
