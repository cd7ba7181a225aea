package dev.burr.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * An application's actions and transitions, validated: every transition names known actions, and each action
 * has at most one default transition. Immutable.
 */
public final class Graph {

	private final Map<String, Action> actions;

	private final List<Transition> transitions;

	private final Map<String, List<Transition>> transitionsFrom;

	Graph(Map<String, Action> actions, List<Transition> transitions) {
		this.actions = Collections.unmodifiableMap(new LinkedHashMap<>(actions));
		this.transitions = List.copyOf(transitions);
		this.transitionsFrom = new LinkedHashMap<>();
		Set<String> withDefault = new HashSet<>();
		for (Transition transition : this.transitions) {
			requireKnown(transition.from(), transition);
			requireKnown(transition.to(), transition);
			if (transition.condition().isDefault() && !withDefault.add(transition.from())) {
				throw new IllegalArgumentException("Transition `" + transition.from() + "` -> `" + transition.to()
						+ "` is redundant -- a default transition has already been set for `" + transition.from()
						+ "`");
			}
			this.transitionsFrom.computeIfAbsent(transition.from(), k -> new ArrayList<>()).add(transition);
		}
	}

	private void requireKnown(String action, Transition transition) {
		if (!this.actions.containsKey(action)) {
			throw new IllegalArgumentException("Transition `" + transition.from() + "` -> `" + transition.to()
					+ "` names unknown action `" + action + "`. Known actions: " + this.actions.keySet());
		}
	}

	/** Actions by name, in registration order. */
	public Map<String, Action> actions() {
		return this.actions;
	}

	/** Transitions in declaration order. */
	public List<Transition> transitions() {
		return this.transitions;
	}

	/** Whether an action of that name exists. */
	public boolean hasAction(String name) {
		return this.actions.containsKey(name);
	}

	/** The action of that name; throws naming it and the known ones when there is none. */
	public Action action(String name) {
		Action action = this.actions.get(name);
		if (action == null) {
			throw new IllegalArgumentException("Unknown action `" + name + "`. Known actions: " + this.actions.keySet());
		}
		return action;
	}

	/**
	 * The action to run next, as Burr decides: the entrypoint when no step completed yet, else the target of
	 * the first transition out of {@code priorStep} whose condition holds on {@code state}; empty when none does.
	 */
	public Optional<String> nextAction(@Nullable String priorStep, State state, String entrypoint) {
		if (priorStep == null) {
			return Optional.of(entrypoint);
		}
		for (Transition transition : this.transitionsFrom.getOrDefault(priorStep, List.of())) {
			if (transition.condition().test(state)) {
				return Optional.of(transition.to());
			}
		}
		return Optional.empty();
	}

	/** The graph as Mermaid flowchart text. */
	public String toMermaid() {
		return GraphText.mermaid(this, null);
	}

	/** The graph as Mermaid flowchart text with {@code currentAction} highlighted. */
	public String toMermaid(@Nullable String currentAction) {
		return GraphText.mermaid(this, currentAction);
	}

	/** The graph as Graphviz DOT text. */
	public String toDot() {
		return GraphText.dot(this, null);
	}

	/** The graph as Graphviz DOT text with {@code currentAction} highlighted. */
	public String toDot(@Nullable String currentAction) {
		return GraphText.dot(this, currentAction);
	}

}
