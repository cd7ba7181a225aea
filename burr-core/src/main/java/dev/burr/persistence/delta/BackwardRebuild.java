package dev.burr.persistence.delta;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.burr.core.State;
import dev.burr.serde.StoredFields;
import org.jspecify.annotations.Nullable;

/**
 * Rebuilds the state at the end of a chain from its newest delta back to its snapshot, building only the values
 * the state ends with: a key put again by a later step is skipped in every row before it, as the chat input that
 * each turn replaces. So a load builds about the state's own bytes, however many times the chain rewrote a key;
 * the forward {@link DeltaCodec.Rebuild} builds every row. Feed the deltas newest first with {@link #delta}, then
 * the snapshot with {@link #snapshot}. Not thread-safe.
 */
final class BackwardRebuild {

	private final DeltaCodec codec;

	/** What the rows read so far (newer than the ones to come) did to each key, in the order keys were met. */
	private final Map<String, KeyFate> fates = new LinkedHashMap<>();

	BackwardRebuild(DeltaCodec codec) {
		this.codec = codec;
	}

	/**
	 * Reads one delta, older than every delta read before.
	 * @param row the delta's place in the chain (the snapshot is 0), which orders the keys it adds
	 * @throws RuntimeException when it does not parse or is not a delta
	 */
	void delta(int row, byte[] data) {
		try (StoredFields fields = this.codec.serde().storedFields(data)) {
			String first = fields.next();
			if (!DeltaCodec.CHANGES_KEY.equals(first)) {
				applyDecoded(row, this.codec.decodeDelta(data));
				return;
			}
			Map<String, String> kinds = kinds(fields.value());
			int field = 0;
			for (String key = fields.next(); key != null; key = fields.next()) {
				String kind = kinds.get(key);
				if (kind == null || kind.equals(DeltaCodec.REMOVE)) {
					fields.skip();
					continue;
				}
				kinds.remove(key);
				KeyFate fate = fate(key, row, ++field);
				if (fate.settled) {
					fields.skip();
				}
				else {
					apply(fate, key, kind, fields.value());
				}
			}
			for (Map.Entry<String, String> left : kinds.entrySet()) {
				if (!left.getValue().equals(DeltaCodec.REMOVE)) {
					throw new IllegalArgumentException("a delta row's change [" + left.getValue() + ", "
							+ left.getKey() + "] has no value");
				}
				apply(removed(left.getKey()), left.getKey(), DeltaCodec.REMOVE, null);
			}
		}
	}

	/**
	 * Reads the chain's snapshot, after all its deltas, and returns the state the chain ends at.
	 * @throws RuntimeException when it does not parse, or a delta appends to a value that is not a list
	 */
	State snapshot(byte[] data) {
		LinkedHashMap<String, @Nullable Object> values = new LinkedHashMap<>();
		try (StoredFields fields = this.codec.serde().storedFields(data)) {
			for (String key = fields.next(); key != null; key = fields.next()) {
				KeyFate fate = this.fates.get(key);
				if (fate == null) {
					values.put(key, fields.value());
					continue;
				}
				if (!fate.settled) {
					fate.settle(fields.value(), false);
				}
				else {
					fields.skip();
				}
				if (!fate.removedSince) {
					this.fates.remove(key);
					fate.putInto(key, values);
				}
			}
		}
		List<Map.Entry<String, KeyFate>> added = new ArrayList<>(this.fates.entrySet());
		added.sort(Comparator.comparingLong((entry) -> entry.getValue().position));
		for (Map.Entry<String, KeyFate> entry : added) {
			entry.getValue().putInto(entry.getKey(), values);
		}
		return State.fromOwnedMap(values);
	}

	/**
	 * The fate of {@code key}, told that row {@code row} touches it at its {@code field}-th change: where the key
	 * stands in the state is the oldest touch since it was last removed, as applying the chain forward puts it.
	 */
	private KeyFate fate(String key, int row, int field) {
		KeyFate fate = this.fates.computeIfAbsent(key, (k) -> new KeyFate());
		if (!fate.removedSince) {
			fate.position = ((long) row << 32) | field;
		}
		return fate;
	}

	/** The fate of {@code key}, which an older row removes: that row does not place it. */
	private KeyFate removed(String key) {
		return this.fates.computeIfAbsent(key, (k) -> new KeyFate());
	}

	private void applyDecoded(int row, DeltaCodec.Decoded decoded) {
		Map<String, @Nullable Object> stored = decoded.values().asMap();
		int field = 0;
		for (String[] op : decoded.ops()) {
			KeyFate fate = op[0].equals(DeltaCodec.REMOVE) ? removed(op[1]) : fate(op[1], row, ++field);
			if (!fate.settled || op[0].equals(DeltaCodec.REMOVE)) {
				apply(fate, op[1], op[0], stored.get(op[1]));
			}
		}
	}

	private static void apply(KeyFate fate, String key, String kind, @Nullable Object value) {
		switch (kind) {
			case DeltaCodec.PUT -> {
				if (!fate.settled) {
					fate.settle(value, false);
				}
			}
			case DeltaCodec.APPEND -> {
				if (fate.settled) {
					return;
				}
				if (!(value instanceof List<?> items)) {
					throw new IllegalArgumentException("the items appended to '" + key + "' are not a list");
				}
				fate.appended.addFirst(items);
			}
			default -> {
				if (!fate.settled) {
					fate.settle(null, true);
				}
				fate.removedSince = true;
			}
		}
	}

	private static Map<String, String> kinds(@Nullable Object ops) {
		if (!(ops instanceof List<?> list)) {
			throw new IllegalArgumentException("a delta row has no " + DeltaCodec.CHANGES_KEY + " list of changes");
		}
		Map<String, String> kinds = new HashMap<>();
		for (Object op : list) {
			if (!(op instanceof List<?> pair) || pair.size() != 2 || !(pair.get(0) instanceof String kind)
					|| !(pair.get(1) instanceof String key)) {
				throw new IllegalArgumentException("a delta row's change " + op + " is not an [op, key] pair");
			}
			if (!kind.equals(DeltaCodec.PUT) && !kind.equals(DeltaCodec.APPEND) && !kind.equals(DeltaCodec.REMOVE)) {
				throw new IllegalArgumentException("a delta row's change " + op + " is not put, append or remove");
			}
			kinds.put(key, kind);
		}
		return kinds;
	}

	/** What the rows after some point did to one key: its value from then on, and the items appended to it. */
	private static final class KeyFate {

		/** Whether the value the appends go onto is known: a put, a removal or the snapshot was met. */
		boolean settled;

		@Nullable Object base;

		boolean removed;

		/** Whether an older row than those read so far can no longer move the key: a removal was met. */
		boolean removedSince;

		/** Where the key goes among the keys the chain added: its oldest touch since its last removal. */
		long position;

		/** Item lists appended after {@link #base}, oldest first. */
		final ArrayDeque<List<?>> appended = new ArrayDeque<>();

		void settle(@Nullable Object value, boolean removal) {
			this.settled = true;
			this.base = value;
			this.removed = removal;
		}

		/** Puts the key's final value into {@code values}, or nothing when it ends removed. */
		void putInto(String key, Map<String, @Nullable Object> values) {
			if (this.appended.isEmpty()) {
				if (this.settled && !this.removed) {
					values.put(key, this.base);
				}
				return;
			}
			Object current = this.removed ? null : this.base;
			if (current != null && !(current instanceof List)) {
				throw new IllegalArgumentException("it appends to '" + key + "', which holds "
						+ current.getClass().getName() + ", not a list");
			}
			List<?> existing = (current != null) ? (List<?>) current : List.of();
			int size = existing.size();
			for (List<?> items : this.appended) {
				size += items.size();
			}
			List<@Nullable Object> list = new ArrayList<>(size);
			list.addAll(existing);
			this.appended.forEach(list::addAll);
			values.put(key, Collections.unmodifiableList(list));
		}

	}

}
