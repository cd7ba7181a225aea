package dev.burr.core;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A step of an application, as Burr's class-based action: {@link #run} computes a result from the state it
 * {@link #reads()}, and {@link #update} turns that result into the keys it {@link #writes()}.
 * <p>
 * Implement this for class-based actions; {@link Actions} makes function-based ones.
 */
public interface Action {

	/** State keys the action reads. */
	List<String> reads();

	/** State keys the action writes; {@link #update} may set only these. */
	List<String> writes();

	/** Inputs the caller must pass to a step that runs this action; checked before the step runs. */
	default List<String> inputs() {
		return List.of();
	}

	/** Inputs the action accepts but does not require. */
	default List<String> optionalInputs() {
		return List.of();
	}

	/**
	 * Computes the action's result.
	 * @param state the application's state
	 * @param inputs the declared inputs the caller passed
	 */
	Map<String, @Nullable Object> run(State state, Map<String, @Nullable Object> inputs);

	/**
	 * Applies a result to the state.
	 * @param result what {@link #run} returned
	 * @param state the state restricted to {@link #writes()}
	 * @return the new values of the written keys (keys removed from {@code state} are deleted)
	 */
	State update(Map<String, @Nullable Object> result, State state);

	/** Text shown for the action in Burr's UI ({@code graph.json}'s {@code code}). */
	default String code() {
		return getClass().getName();
	}

}
