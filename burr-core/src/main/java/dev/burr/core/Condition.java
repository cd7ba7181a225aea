package dev.burr.core;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

/**
 * When a {@link Transition} applies: a predicate over the state, the state keys it reads, and the name Burr's
 * {@code graph.json} shows for it. Before the predicate runs, every key it reads must be in the state.
 */
public final class Condition {

	/** Always applies and reads nothing; at most one per action, as Burr's {@code default}. */
	public static final Condition DEFAULT = new Condition("default", List.of(), state -> true);

	private final String name;

	private final List<String> keys;

	private final Predicate<State> predicate;

	private Condition(String name, List<String> keys, Predicate<State> predicate) {
		this.name = name;
		this.keys = List.copyOf(keys);
		this.predicate = predicate;
	}

	/** Applies when {@code key} holds {@code value} (numbers compare by value: {@code 1} equals {@code 1L}). */
	public static Condition when(String key, @Nullable Object value) {
		return when(java.util.Collections.singletonMap(key, value));
	}

	/** Applies when every key holds its value; named {@code k1=v1, k2=v2} sorted by key, as in Burr. */
	public static Condition when(Map<String, ? extends @Nullable Object> expected) {
		if (expected.isEmpty()) {
			throw new IllegalArgumentException("Condition.when needs at least one key");
		}
		Map<String, @Nullable Object> sorted = new TreeMap<>(expected);
		String name = sorted.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
				.collect(Collectors.joining(", "));
		return new Condition(name, new ArrayList<>(sorted.keySet()), state -> {
			for (Map.Entry<String, @Nullable Object> entry : sorted.entrySet()) {
				if (!valuesEqual(state.get(entry.getKey()), entry.getValue())) {
					return false;
				}
			}
			return true;
		});
	}

	/**
	 * Applies when a Spring Expression Language expression over the state's keys is true, e.g.
	 * {@code "counter < count_to"} or {@code "question.contains('exit')"}. The expression is parsed now (a syntax
	 * error throws here, not at the first step); the keys it reads are found from it. It is evaluated with
	 * read-only data binding: no type references, constructors or bean references.
	 * @throws IllegalArgumentException when the expression does not parse
	 */
	public static Condition expr(String expression) {
		StateExpression parsed = StateExpression.parse(expression);
		return new Condition(expression, parsed.keys(), parsed::evaluate);
	}

	/** A custom predicate over the state, reading {@code keys}, shown as {@code name}. */
	public static Condition of(String name, Set<String> keys, Predicate<State> predicate) {
		Objects.requireNonNull(name, "name");
		Objects.requireNonNull(predicate, "predicate");
		return new Condition(name, new ArrayList<>(keys), predicate);
	}

	/** This condition shown under another name (in {@code graph.json} and graph drawings). */
	public Condition named(String displayName) {
		if (displayName == null || displayName.isBlank()) {
			throw new IllegalArgumentException("Condition names must not be blank");
		}
		return new Condition(displayName, this.keys, this.predicate);
	}

	/** The opposite condition, named {@code ~name}. */
	public Condition negate() {
		return new Condition("~" + this.name, this.keys, this.predicate.negate());
	}

	/** Applies when both apply, named {@code a & b}. */
	public Condition and(Condition other) {
		return new Condition(this.name + " & " + other.name, union(other), this.predicate.and(other.predicate));
	}

	/** Applies when either applies, named {@code a | b}. */
	public Condition or(Condition other) {
		return new Condition(this.name + " | " + other.name, union(other), this.predicate.or(other.predicate));
	}

	/** The name Burr's {@code graph.json} shows as the transition's {@code condition}. */
	public String name() {
		return this.name;
	}

	/** State keys the condition reads. */
	public List<String> keys() {
		return this.keys;
	}

	/** Whether this is {@link #DEFAULT}. */
	public boolean isDefault() {
		return this == DEFAULT;
	}

	/**
	 * Whether the condition holds for {@code state}.
	 * @throws IllegalStateException when the state lacks a key the condition reads
	 */
	public boolean test(State state) {
		List<String> missing = this.keys.stream().filter(key -> !state.containsKey(key)).toList();
		if (!missing.isEmpty()) {
			throw new IllegalStateException("Missing keys in state required by condition: " + this.name + " "
					+ String.join(", ", missing));
		}
		return this.predicate.test(state);
	}

	private List<String> union(Condition other) {
		Set<String> all = new LinkedHashSet<>(this.keys);
		all.addAll(other.keys);
		return new ArrayList<>(all);
	}

	private static boolean valuesEqual(@Nullable Object actual, @Nullable Object expected) {
		if (actual instanceof Number a && expected instanceof Number e) {
			try {
				return new BigDecimal(a.toString()).compareTo(new BigDecimal(e.toString())) == 0;
			}
			catch (NumberFormatException ex) {
				return a.doubleValue() == e.doubleValue();
			}
		}
		return Objects.equals(actual, expected);
	}

	@Override
	public String toString() {
		return "Condition[" + this.name + "]";
	}

}
