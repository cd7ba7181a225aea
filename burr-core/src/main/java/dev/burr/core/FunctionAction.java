package dev.burr.core;

import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/** A function-based action: one call returns the whole new state (Burr's single-step action). */
final class FunctionAction implements Action {

	private final List<String> reads;

	private final List<String> writes;

	private final List<String> inputs;

	private final ActionFunction function;

	FunctionAction(List<String> reads, List<String> writes, List<String> inputs, ActionFunction function) {
		this.reads = List.copyOf(reads);
		this.writes = List.copyOf(writes);
		this.inputs = List.copyOf(inputs);
		this.function = Objects.requireNonNull(function, "function");
		for (String input : this.inputs) {
			if (input.startsWith("__")) {
				throw new IllegalArgumentException("Input \"" + input + "\" starts with a double underscore. "
						+ "Names starting with __ are reserved for Burr's internal use.");
			}
		}
	}

	@Override
	public List<String> reads() {
		return this.reads;
	}

	@Override
	public List<String> writes() {
		return this.writes;
	}

	@Override
	public List<String> inputs() {
		return this.inputs;
	}

	State runAndUpdate(State state, Map<String, @Nullable Object> inputs) {
		State next = this.function.apply(state, inputs);
		if (next == null) {
			throw new IllegalStateException("Action function returned null instead of a State");
		}
		List<String> missing = this.writes.stream().filter(key -> !next.containsKey(key)).toList();
		if (!missing.isEmpty()) {
			throw new IllegalStateException("State is missing write keys after running: " + missing
					+ ". Wrote to keys: " + next.keys());
		}
		return next;
	}

	@Override
	public Map<String, @Nullable Object> run(State state, Map<String, @Nullable Object> inputs) {
		return Map.of();
	}

	@Override
	public State update(Map<String, @Nullable Object> result, State state) {
		return state;
	}

	@Override
	public String code() {
		return "function(reads=" + this.reads + ", writes=" + this.writes + ")";
	}

}
