package dev.burr.core;

import java.util.Objects;

/**
 * An edge of the graph: after {@code from} ran, {@code to} is next when {@code condition} holds. Transitions
 * out of one action are tried in declaration order.
 *
 * @param from action the transition leaves
 * @param to action it leads to
 * @param condition when it applies
 */
public record Transition(String from, String to, Condition condition) {

	public Transition {
		Objects.requireNonNull(from, "from");
		Objects.requireNonNull(to, "to");
		Objects.requireNonNull(condition, "condition");
	}

	/** A transition that always applies ({@link Condition#DEFAULT}). */
	public static Transition of(String from, String to) {
		return new Transition(from, to, Condition.DEFAULT);
	}

	/** A transition that applies when {@code condition} holds. */
	public static Transition of(String from, String to, Condition condition) {
		return new Transition(from, to, condition);
	}

}
