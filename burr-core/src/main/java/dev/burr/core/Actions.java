package dev.burr.core;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/** Factories for function-based actions (Burr's {@code @action}) and Burr's {@code Result}. */
public final class Actions {

	private Actions() {
	}

	/**
	 * An action that returns the new state from a function and requires no inputs. It must write every key of
	 * {@code writes}.
	 */
	public static Action action(List<String> reads, List<String> writes, ActionFunction function) {
		return new FunctionAction(reads, writes, List.of(), function);
	}

	/**
	 * An action that returns the new state from a function, given the required {@code inputs}. It must write
	 * every key of {@code writes}.
	 */
	public static Action action(List<String> reads, List<String> writes, List<String> inputs,
			ActionFunction function) {
		return new FunctionAction(reads, writes, inputs, function);
	}

	/** Burr's {@code Result}: returns the given fields of the state as its result and changes nothing. */
	public static Action result(String... fields) {
		return new ResultAction(List.of(fields));
	}

	private record ResultAction(List<String> reads) implements Action {

		@Override
		public List<String> writes() {
			return List.of();
		}

		@Override
		public Map<String, @Nullable Object> run(State state, Map<String, @Nullable Object> inputs) {
			Map<String, @Nullable Object> result = new LinkedHashMap<>();
			for (String field : this.reads) {
				if (state.containsKey(field)) {
					result.put(field, state.get(field));
				}
			}
			return result;
		}

		@Override
		public State update(Map<String, @Nullable Object> result, State state) {
			return state;
		}

		@Override
		public String code() {
			return "Result(" + String.join(", ", this.reads) + ")";
		}

	}

}
