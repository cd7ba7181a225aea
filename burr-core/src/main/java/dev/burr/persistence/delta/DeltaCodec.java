package dev.burr.persistence.delta;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import dev.burr.core.State;
import dev.burr.persistence.StateChange.Append;
import dev.burr.persistence.StateChange.KeyChange;
import dev.burr.persistence.StateChange.Put;
import dev.burr.serde.StateSerde;
import org.jspecify.annotations.Nullable;

/**
 * The JSON of the delta layout's rows. A snapshot is the whole state exactly as Burr's layout stores it
 * ({@link StateSerde#toJsonBytes}). A delta is a JSON object of the same kind holding, under
 * {@value #CHANGES_KEY}, the step's changes in order as {@code [op, key]} pairs ({@code "put"}, {@code "append"},
 * {@code "remove"}), and under each changed key its new value ({@code put}) or only the items added
 * ({@code append}), written through the same serde, so that field and type codecs apply as in a snapshot:
 * <pre>{"__burr_delta__":[["append","chat"],["put","__PRIOR_STEP"],["put","__SEQUENCE_ID"]],
 *  "chat":[{"role":"user","content":"hi"}],"__PRIOR_STEP":"respond","__SEQUENCE_ID":7}</pre>
 * A key a step changed more than once is stored once, as its final value. A key stored through a custom field
 * codec ({@link StateSerde#appendsItemWise}) is never stored as items: its appends are stored as its whole new
 * value. Instances are immutable and thread-safe.
 */
public final class DeltaCodec {

	/** The key of a delta's list of changes; a step that changes a key of this name is stored as a snapshot. */
	public static final String CHANGES_KEY = "__burr_delta__";

	static final String PUT = "put";

	static final String APPEND = "append";

	static final String REMOVE = "remove";

	private final StateSerde serde;

	public DeltaCodec(StateSerde serde) {
		this.serde = Objects.requireNonNull(serde, "serde");
	}

	/** The serde values are written with. */
	public StateSerde serde() {
		return this.serde;
	}

	/** The whole state, as Burr's layout stores it. */
	public byte[] encodeSnapshot(State state) {
		return this.serde.toJsonBytes(state);
	}

	/**
	 * The delta of one step, or {@code null} when it can only be stored as a snapshot (it changes
	 * {@value #CHANGES_KEY}).
	 * @param state the state after the step: what a {@link Put} stores and what a key changed twice ends as
	 * @param changes what the step changed, in order
	 */
	public byte @Nullable [] encodeDelta(State state, List<KeyChange> changes) {
		Map<String, Integer> times = new HashMap<>();
		for (KeyChange change : changes) {
			if (CHANGES_KEY.equals(change.key())) {
				return null;
			}
			times.merge(change.key(), 1, Integer::sum);
		}
		List<List<String>> ops = new ArrayList<>(times.size());
		LinkedHashMap<String, @Nullable Object> values = new LinkedHashMap<>();
		values.put(CHANGES_KEY, ops);
		for (KeyChange change : changes) {
			String key = change.key();
			Integer count = times.get(key);
			if (count == null) {
				continue;
			}
			if (count > 1 || !(change instanceof Append append) || !this.serde.appendsItemWise(key)) {
				times.remove(key);
				if (state.containsKey(key)) {
					ops.add(List.of(PUT, key));
					values.put(key, state.asMap().get(key));
				}
				else {
					ops.add(List.of(REMOVE, key));
				}
			}
			else {
				ops.add(List.of(APPEND, key));
				values.put(key, append.items());
			}
		}
		return this.serde.toJsonBytes(State.fromOwnedMap(values));
	}

	/**
	 * The state a snapshot holds.
	 * @throws dev.burr.serde.StateSerdeException when it does not parse
	 */
	public State decodeSnapshot(byte[] data) {
		return this.serde.fromJson(data);
	}

	/** A state being rebuilt from the snapshot {@code data}, to which deltas are applied in order. */
	public Rebuild rebuild(byte[] snapshot) {
		return new Rebuild(this, decodeSnapshot(snapshot));
	}

	/** Reads one delta: its {@code [op, key]} pairs and the stored values. */
	Decoded decodeDelta(byte[] data) {
		State stored = decodeSnapshot(data);
		Object ops = stored.getOrDefault(CHANGES_KEY, null);
		if (!(ops instanceof List<?> list)) {
			throw new IllegalArgumentException("a delta row has no " + CHANGES_KEY + " list of changes");
		}
		List<String[]> pairs = new ArrayList<>(list.size());
		for (Object op : list) {
			if (!(op instanceof List<?> pair) || pair.size() != 2 || !(pair.get(0) instanceof String kind)
					|| !(pair.get(1) instanceof String key)) {
				throw new IllegalArgumentException("a delta row's change " + op + " is not an [op, key] pair");
			}
			if (!kind.equals(PUT) && !kind.equals(APPEND) && !kind.equals(REMOVE)) {
				throw new IllegalArgumentException("a delta row's change " + op + " is not put, append or remove");
			}
			if (!kind.equals(REMOVE) && !stored.containsKey(key)) {
				throw new IllegalArgumentException("a delta row's change " + op + " has no value");
			}
			pairs.add(new String[] { kind, key });
		}
		return new Decoded(pairs, stored);
	}

	record Decoded(List<String[]> ops, State values) {
	}

	/**
	 * A state rebuilt row by row: lists grown by appends are kept mutable until a state is asked for, so that
	 * applying a chain costs what its rows hold, not their number times the state.
	 */
	public static final class Rebuild {

		private final DeltaCodec codec;

		private final LinkedHashMap<String, @Nullable Object> values;

		/** Lists this rebuild owns and grows in place; {@link #values} holds the same objects. */
		private final Map<String, ArrayList<@Nullable Object>> growing = new HashMap<>();

		Rebuild(DeltaCodec codec, State snapshot) {
			this.codec = codec;
			this.values = new LinkedHashMap<>(snapshot.asMap());
		}

		/**
		 * Applies one delta.
		 * @throws RuntimeException when it does not parse, or appends to a value that is not a list
		 */
		public void apply(byte[] delta) {
			Decoded decoded = this.codec.decodeDelta(delta);
			Map<String, @Nullable Object> stored = decoded.values().asMap();
			for (String[] op : decoded.ops()) {
				String key = op[1];
				switch (op[0]) {
					case PUT -> {
						this.growing.remove(key);
						this.values.put(key, stored.get(key));
					}
					case APPEND -> append(key, stored.get(key));
					default -> {
						this.growing.remove(key);
						this.values.remove(key);
					}
				}
			}
		}

		private void append(String key, @Nullable Object items) {
			if (!(items instanceof List<?> added)) {
				throw new IllegalArgumentException("the items appended to '" + key + "' are not a list");
			}
			ArrayList<@Nullable Object> list = this.growing.get(key);
			if (list == null) {
				Object current = this.values.get(key);
				if (current != null && !(current instanceof List)) {
					throw new IllegalArgumentException("it appends to '" + key + "', which holds "
							+ current.getClass().getName() + ", not a list");
				}
				List<?> existing = (current != null) ? (List<?>) current : List.of();
				list = new ArrayList<>(Math.max(16, (existing.size() + added.size()) * 3 / 2));
				list.addAll(existing);
				this.growing.put(key, list);
			}
			list.addAll(added);
			this.values.put(key, list);
		}

		/** The state so far, as a copy: applying more deltas does not change it. */
		public State state() {
			LinkedHashMap<String, @Nullable Object> copy = new LinkedHashMap<>(this.values);
			this.growing.forEach((key, list) -> copy.put(key, Collections.unmodifiableList(new ArrayList<>(list))));
			return State.fromOwnedMap(copy);
		}

		/** The state so far, handing this rebuild's storage over: apply nothing after it. */
		public State finish() {
			this.growing.forEach((key, list) -> this.values.put(key, Collections.unmodifiableList(list)));
			this.growing.clear();
			return State.fromOwnedMap(this.values);
		}

	}

}
