package dev.burr.core;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

/**
 * Immutable mapping of keys to values that actions read and write, as Burr's {@code State}.
 * <p>
 * Every operation returns a new {@code State} and leaves the receiver unchanged; values of keys that
 * are not touched are shared (copy-on-write). Values may be {@code null}. Keys starting with
 * {@code __} ({@link #SEQUENCE_ID_KEY}, {@link #PRIOR_STEP_KEY}) are Burr's internal keys.
 */
public final class State {

	/** Reserved key holding the sequence id of the current step. */
	public static final String SEQUENCE_ID_KEY = "__SEQUENCE_ID";

	/** Reserved key holding the name of the last completed action. */
	public static final String PRIOR_STEP_KEY = "__PRIOR_STEP";

	private static final State EMPTY = new State(Collections.emptyMap());

	private final Map<String, @Nullable Object> values;

	/** The state the recorded operations start from; {@code null} when this state is that start. */
	private final @Nullable State origin;

	/** The newest operation since {@link #origin}; {@code null} when none. */
	private final @Nullable Operation last;

	private State(Map<String, @Nullable Object> values) {
		this(values, null, null);
	}

	private State(Map<String, @Nullable Object> values, @Nullable State origin, @Nullable Operation last) {
		this.values = values;
		this.origin = origin;
		this.last = last;
	}

	/** An empty state. */
	public static State empty() {
		return EMPTY;
	}

	/** A state holding a copy of the given entries, in their iteration order. */
	public static State of(Map<String, ? extends @Nullable Object> values) {
		Objects.requireNonNull(values, "values");
		if (values.isEmpty()) {
			return EMPTY;
		}
		LinkedHashMap<String, @Nullable Object> copy = new LinkedHashMap<>();
		values.forEach((key, value) -> copy.put(requireKey(key), value));
		return new State(Collections.unmodifiableMap(copy));
	}

	/**
	 * A state over a map the caller made for it and hands over, without copying it (for deserializers); the caller
	 * must not keep or change the map.
	 */
	public static State fromOwnedMap(LinkedHashMap<String, ? extends @Nullable Object> owned) {
		for (String key : owned.keySet()) {
			requireKey(key);
		}
		return wrap(owned);
	}

	/** A state over a map nobody else holds, without copying it. */
	@SuppressWarnings("unchecked")
	static State wrap(LinkedHashMap<String, ? extends @Nullable Object> owned) {
		return owned.isEmpty() ? EMPTY
				: new State(Collections.unmodifiableMap((LinkedHashMap<String, @Nullable Object>) owned));
	}

	/**
	 * The value of {@code key}, which may be {@code null}.
	 * @throws NoSuchElementException when the state has no such key
	 */
	public @Nullable Object get(String key) {
		if (!this.values.containsKey(key)) {
			throw new NoSuchElementException("Key \"" + key + "\" not found in state. Keys state knows about are: "
					+ userKeys() + ". If you hit this, check that an earlier action writes \"" + key
					+ "\" or that it is part of the initial state.");
		}
		return this.values.get(key);
	}

	/**
	 * The value of {@code key} as {@code type}. Numbers convert between JSON-natural numeric types when
	 * the value fits ({@code 3L} reads as {@code Integer 3}, {@code 3} as {@code Double 3.0}).
	 * @throws NoSuchElementException when the state has no such key
	 * @throws ClassCastException naming the key when the value is not of that type and does not fit it
	 */
	public <T> @Nullable T get(String key, Class<T> type) {
		return NumberConversions.convert(key, get(key), type);
	}

	/** The value of {@code key}, or {@code defaultValue} when the state has no such key. */
	public @Nullable Object getOrDefault(String key, @Nullable Object defaultValue) {
		return this.values.containsKey(key) ? this.values.get(key) : defaultValue;
	}

	/** Whether the state has {@code key} (with any value, {@code null} included). */
	public boolean containsKey(String key) {
		return this.values.containsKey(key);
	}

	/** All keys, internal ones included, in insertion order. */
	public Set<String> keys() {
		return this.values.keySet();
	}

	/** Unmodifiable view of every entry, internal keys included. */
	public Map<String, @Nullable Object> asMap() {
		return this.values;
	}

	/** Number of keys, internal ones included. */
	public int size() {
		return this.values.size();
	}

	/** Whether the state has no keys. */
	public boolean isEmpty() {
		return this.values.isEmpty();
	}

	/** A state with {@code key} set to {@code value}. */
	public State update(String key, @Nullable Object value) {
		LinkedHashMap<String, @Nullable Object> copy = mutableCopy();
		copy.put(requireKey(key), value);
		return derived(copy, new Operation(Operation.Kind.PUT, key, null, this.last));
	}

	/** A state with every entry of {@code updates} set. */
	public State update(Map<String, ? extends @Nullable Object> updates) {
		if (updates.isEmpty()) {
			return this;
		}
		LinkedHashMap<String, @Nullable Object> copy = mutableCopy();
		Operation operation = this.last;
		for (Map.Entry<String, ? extends @Nullable Object> update : updates.entrySet()) {
			copy.put(requireKey(update.getKey()), update.getValue());
			operation = new Operation(Operation.Kind.PUT, update.getKey(), null, operation);
		}
		return derived(copy, operation);
	}

	/**
	 * A state where {@code value} is appended to the list at {@code key} (created when absent).
	 * @throws IllegalArgumentException when the current value is not a list
	 */
	public State append(String key, @Nullable Object value) {
		return append(Collections.singletonMap(key, value));
	}

	/** Appends each value of {@code appends} to the list at its key, as {@link #append(String, Object)}. */
	public State append(Map<String, ? extends @Nullable Object> appends) {
		checkListLike(appends.keySet(), "append to non-appendable", "list-like");
		LinkedHashMap<String, @Nullable Object> copy = mutableCopy();
		Operation operation = this.last;
		for (Map.Entry<String, ? extends @Nullable Object> append : appends.entrySet()) {
			List<?> current = (List<?>) copy.get(append.getKey());
			copy.put(append.getKey(), AppendedList.append(current, Collections.singletonList(append.getValue())));
			operation = new Operation(Operation.Kind.APPEND, append.getKey(), append.getValue(), operation);
		}
		return derived(copy, operation);
	}

	/**
	 * A state where every element of {@code values} is appended to the list at {@code key}.
	 * @throws IllegalArgumentException when the current value is not a list
	 */
	public State extend(String key, Collection<? extends @Nullable Object> values) {
		return extend(Collections.singletonMap(key, values));
	}

	/** Extends each list by the elements given for its key, as {@link #extend(String, Collection)}. */
	public State extend(Map<String, ? extends Collection<? extends @Nullable Object>> extensions) {
		checkListLike(extensions.keySet(), "extend non-extendable", "list-like");
		LinkedHashMap<String, @Nullable Object> copy = mutableCopy();
		Operation operation = this.last;
		for (Map.Entry<String, ? extends Collection<? extends @Nullable Object>> extension : extensions.entrySet()) {
			List<?> current = (List<?>) copy.get(extension.getKey());
			copy.put(extension.getKey(), AppendedList.append(current, extension.getValue()));
			operation = new Operation(Operation.Kind.EXTEND, extension.getKey(),
					new ArrayList<>(extension.getValue()), operation);
		}
		return derived(copy, operation);
	}

	/**
	 * A state where the integer at {@code key} is raised by {@code delta} (set to {@code delta} when
	 * absent). The result stays integral: an {@code Integer} that would overflow becomes a {@code Long}.
	 * @throws IllegalArgumentException when the current value is not an integer
	 */
	public State increment(String key, long delta) {
		return increment(Collections.singletonMap(key, delta));
	}

	/** Increments each key by its delta, as {@link #increment(String, long)}. */
	public State increment(Map<String, Long> deltas) {
		Map<String, @Nullable Object> offending = new LinkedHashMap<>();
		for (String key : deltas.keySet()) {
			if (this.values.containsKey(key) && !NumberConversions.isIntegral(this.values.get(key))) {
				offending.put(key, this.values.get(key));
			}
		}
		if (!offending.isEmpty()) {
			throw new IllegalArgumentException("Cannot increment non-integer values: " + offending
					+ ". Please ensure that all fields are integers.");
		}
		LinkedHashMap<String, @Nullable Object> copy = mutableCopy();
		Operation operation = this.last;
		for (Map.Entry<String, Long> delta : deltas.entrySet()) {
			copy.put(delta.getKey(), NumberConversions.add(copy.get(delta.getKey()), delta.getValue()));
			operation = new Operation(Operation.Kind.PUT, delta.getKey(), null, operation);
		}
		return derived(copy, operation);
	}

	/** A state without the given keys; absent keys are ignored. */
	public State wipe(String... keys) {
		return wipe(Arrays.asList(keys));
	}

	/** A state without the given keys; absent keys are ignored. */
	public State wipe(Collection<String> keys) {
		LinkedHashMap<String, @Nullable Object> copy = mutableCopy();
		Operation operation = this.last;
		for (String key : keys) {
			if (copy.containsKey(key)) {
				copy.remove(key);
				operation = new Operation(Operation.Kind.REMOVE, key, null, operation);
			}
		}
		return copy.size() == this.values.size() ? this : derived(copy, operation);
	}

	/** A state keeping only the given keys (Burr's {@code wipe(keep=...)}); absent keys are ignored. */
	public State keepOnly(String... keys) {
		return subset(Arrays.asList(keys), true);
	}

	/** A state with only the given keys that are present. */
	public State subset(String... keys) {
		return subset(Arrays.asList(keys), true);
	}

	/**
	 * A state with only the given keys.
	 * @param ignoreMissing when {@code false}, a missing key throws {@link NoSuchElementException}
	 */
	public State subset(Collection<String> keys, boolean ignoreMissing) {
		LinkedHashMap<String, @Nullable Object> copy = new LinkedHashMap<>();
		for (String key : keys) {
			if (this.values.containsKey(key)) {
				copy.put(key, this.values.get(key));
			}
			else if (!ignoreMissing) {
				get(key);
			}
		}
		return new State(Collections.unmodifiableMap(copy));
	}

	/** A state with this state's entries overridden by {@code other}'s. */
	public State merge(State other) {
		return other.isEmpty() ? this : update(other.values);
	}

	/**
	 * The operations this state was made with since {@code base}, oldest first, or {@code null} when it was not
	 * made from {@code base} by operations alone (built anew, or from another state).
	 */
	@Nullable List<Operation> operationsSince(State base) {
		State start = (this.origin != null) ? this.origin : this;
		State baseStart = (base.origin != null) ? base.origin : base;
		if (start != baseStart) {
			return null;
		}
		ArrayDeque<Operation> operations = new ArrayDeque<>();
		for (Operation operation = this.last; operation != base.last; operation = operation.previous) {
			if (operation == null) {
				return null;
			}
			operations.addFirst(operation);
		}
		return new ArrayList<>(operations);
	}

	private State derived(LinkedHashMap<String, @Nullable Object> copy, @Nullable Operation last) {
		return new State(Collections.unmodifiableMap(copy), (this.origin != null) ? this.origin : this, last);
	}

	private LinkedHashMap<String, @Nullable Object> mutableCopy() {
		return new LinkedHashMap<>(this.values);
	}

	private void checkListLike(Set<String> keys, String verb, String expected) {
		Map<String, @Nullable Object> offending = new LinkedHashMap<>();
		for (String key : keys) {
			Object current = this.values.get(key);
			if (this.values.containsKey(key) && !(current instanceof List)) {
				offending.put(key, current);
			}
		}
		if (!offending.isEmpty()) {
			throw new IllegalArgumentException("Cannot " + verb + " values: " + offending
					+ ". Please ensure that all fields are " + expected + ".");
		}
	}

	private List<String> userKeys() {
		return this.values.keySet().stream().filter(key -> !key.startsWith("__")).collect(Collectors.toList());
	}

	private static String requireKey(@Nullable String key) {
		if (key == null) {
			throw new IllegalArgumentException("State keys must not be null");
		}
		return key;
	}

	@Override
	public boolean equals(@Nullable Object other) {
		return this == other || (other instanceof State state && this.values.equals(state.values));
	}

	@Override
	public int hashCode() {
		return this.values.hashCode();
	}

	@Override
	public String toString() {
		return "State" + this.values;
	}

}
