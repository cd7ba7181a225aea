package dev.burr.persistence;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

import dev.burr.core.State;
import org.jspecify.annotations.Nullable;

/**
 * What one step changed, relative to the state its application saved at the sequence id just before it; the
 * engine hands it to {@link StateSaver#save(String, String, long, String, State, Status, StateChange)} so that a
 * layout that stores changes never diffs whole states.
 * <p>
 * A change is either <em>unknown</em> ({@link #unknown()}: the previous step was not saved by this application
 * instance, as for an app's first step, a fork's first step, a step after a failed save, or a resumed app; the
 * persister must then store the whole state) or a list of {@link KeyChange}s, one per key the step touched, in
 * the order it touched them: {@link Put} (the key's new value: what {@code update}, {@code increment} and
 * {@code merge} did), {@link Append} (only the items {@code append}/{@code extend} added to the list the key
 * held) and {@link Remove} ({@code wipe}, or a key the action dropped). Internal keys ({@code __SEQUENCE_ID},
 * {@code __PRIOR_STEP}) appear as {@link Put}s. For every known change,
 * {@code change.applyTo(previousState).equals(state)} holds.
 * <p>
 * The list is computed on first use, so persisters that store whole states pay nothing for it. Instances are
 * immutable and thread-safe.
 */
public final class StateChange {

	private static final StateChange UNKNOWN = new StateChange(null);

	private final @Nullable Supplier<List<KeyChange>> compute;

	private volatile @Nullable List<KeyChange> changes;

	private StateChange(@Nullable Supplier<List<KeyChange>> compute) {
		this.compute = compute;
	}

	/** A change whose base is not known: the persister stores the whole state. */
	public static StateChange unknown() {
		return UNKNOWN;
	}

	/** A known change made of {@code changes}, in the order they apply. */
	public static StateChange of(List<? extends KeyChange> changes) {
		List<KeyChange> copy = List.copyOf(changes);
		StateChange change = new StateChange(() -> copy);
		change.changes = copy;
		return change;
	}

	/** A known change computed by {@code changes} the first time it is asked for. */
	public static StateChange computed(Supplier<List<KeyChange>> changes) {
		return new StateChange(Objects.requireNonNull(changes, "changes"));
	}

	/**
	 * The change from {@code previous} to {@code next}, found by comparing them key by key (a list that
	 * {@code next} holds with {@code previous}'s items first is an {@link Append} of the rest): for tools that
	 * move stored steps between stores ({@link StateStores#copy}). The engine never compares states; it knows
	 * what each step did.
	 */
	public static StateChange between(State previous, State next) {
		List<KeyChange> changes = new ArrayList<>();
		Map<String, @Nullable Object> before = previous.asMap();
		next.asMap().forEach((key, value) -> {
			if (!before.containsKey(key)) {
				changes.add(new Put(key, value));
				return;
			}
			Object old = before.get(key);
			if (old == value) {
				return;
			}
			if (old instanceof List<?> oldList && value instanceof List<?> newList && startsWith(newList, oldList)) {
				if (newList.size() > oldList.size()) {
					changes.add(new Append(key, new ArrayList<>(newList.subList(oldList.size(), newList.size()))));
				}
			}
			else if (!Objects.equals(old, value)) {
				changes.add(new Put(key, value));
			}
		});
		for (String key : before.keySet()) {
			if (!next.containsKey(key)) {
				changes.add(new Remove(key));
			}
		}
		return of(changes);
	}

	private static boolean startsWith(List<?> list, List<?> prefix) {
		if (list.size() < prefix.size()) {
			return false;
		}
		for (int i = 0; i < prefix.size(); i++) {
			if (!Objects.equals(list.get(i), prefix.get(i))) {
				return false;
			}
		}
		return true;
	}

	/** Whether the change is relative to the application's previous saved step. */
	public boolean isKnown() {
		return this.compute != null;
	}

	/**
	 * The key changes, in the order they apply.
	 * @throws IllegalStateException when the change is {@linkplain #isKnown() unknown}
	 */
	public List<KeyChange> changes() {
		List<KeyChange> known = this.changes;
		if (known == null) {
			if (this.compute == null) {
				throw new IllegalStateException("This step's change is unknown: store the whole state");
			}
			known = List.copyOf(this.compute.get());
			this.changes = known;
		}
		return known;
	}

	/**
	 * The state {@code previous} becomes with this change.
	 * @throws IllegalStateException when the change is unknown, or when an {@link Append} finds a value that is
	 * not a list
	 */
	public State applyTo(State previous) {
		return apply(previous, changes());
	}

	/** {@code previous} with {@code changes} applied in order; what a loader of stored changes does. */
	public static State apply(State previous, List<? extends KeyChange> changes) {
		if (changes.isEmpty()) {
			return previous;
		}
		LinkedHashMap<String, @Nullable Object> values = new LinkedHashMap<>(previous.asMap());
		for (KeyChange change : changes) {
			if (change instanceof Put put) {
				values.put(put.key(), put.value());
			}
			else if (change instanceof Append append) {
				values.put(append.key(), appended(values.get(append.key()), append));
			}
			else {
				values.remove(change.key());
			}
		}
		return State.fromOwnedMap(values);
	}

	private static List<@Nullable Object> appended(@Nullable Object current, Append append) {
		if (current != null && !(current instanceof List)) {
			throw new IllegalStateException("Cannot append to key '" + append.key() + "': it holds "
					+ current.getClass().getName() + ", not a list");
		}
		List<?> list = (current != null) ? (List<?>) current : List.of();
		List<@Nullable Object> result = new ArrayList<>(list.size() + append.items().size());
		result.addAll(list);
		result.addAll(append.items());
		return Collections.unmodifiableList(result);
	}

	@Override
	public String toString() {
		return isKnown() ? "StateChange" + changes() : "StateChange[unknown]";
	}

	/** What one step did to one key. */
	public sealed interface KeyChange permits Put, Append, Remove {

		/** The key. */
		String key();

	}

	/**
	 * The key now holds {@code value}.
	 *
	 * @param key the key
	 * @param value its new value, possibly {@code null}
	 */
	public record Put(String key, @Nullable Object value) implements KeyChange {

		public Put {
			Objects.requireNonNull(key, "key");
		}

	}

	/**
	 * The list at the key grew by {@code items} (a new list when the key was absent or {@code null}).
	 *
	 * @param key the key
	 * @param items the items added, in order
	 */
	public record Append(String key, List<@Nullable Object> items) implements KeyChange {

		public Append {
			Objects.requireNonNull(key, "key");
			items = Collections.unmodifiableList(new ArrayList<>(items));
		}

	}

	/**
	 * The key is gone.
	 *
	 * @param key the key
	 */
	public record Remove(String key) implements KeyChange {

		public Remove {
			Objects.requireNonNull(key, "key");
		}

	}

}
