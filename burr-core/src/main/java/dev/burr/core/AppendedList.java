package dev.burr.core;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.RandomAccess;

import org.jspecify.annotations.Nullable;

/**
 * The unmodifiable list {@link State#append} and {@link State#extend} store: a view of the first {@code size}
 * slots of an array that the next append to the newest view fills in place, so that appending to a list of
 * {@code n} items costs the items added, not {@code n}. Only the newest view of an array appends in place; an
 * append to an older one (a fork of the history) copies. A view never reads past its own size, and its slots
 * were written before it was constructed, so its {@code final} array publishes them to every thread.
 */
final class AppendedList extends AbstractList<@Nullable Object> implements RandomAccess {

	private static final int MIN_CAPACITY = 16;

	private final @Nullable Object[] items;

	private final int size;

	/** The array's writer: how many slots of {@link Shared#items} the newest view holds. */
	private final Shared shared;

	private AppendedList(@Nullable Object[] items, int size, Shared shared) {
		this.items = items;
		this.size = size;
		this.shared = shared;
	}

	/**
	 * {@code current} (a list, or {@code null} for none) followed by {@code values}.
	 */
	static List<@Nullable Object> append(@Nullable List<?> current, Collection<? extends @Nullable Object> values) {
		@Nullable Object[] added = values.toArray();
		if (current instanceof AppendedList list) {
			AppendedList inPlace = list.appendInPlace(added);
			if (inPlace != null) {
				return inPlace;
			}
		}
		@Nullable Object[] existing = (current != null) ? current.toArray() : new Object[0];
		int size = existing.length + added.length;
		@Nullable Object[] items = Arrays.copyOf(existing, capacityFor(size));
		System.arraycopy(added, 0, items, existing.length, added.length);
		return new AppendedList(items, size, new Shared(items, size));
	}

	private @Nullable AppendedList appendInPlace(@Nullable Object[] added) {
		synchronized (this.shared) {
			if (this.shared.items != this.items || this.shared.used != this.size) {
				return null;
			}
			int size = this.size + added.length;
			@Nullable Object[] items = this.items;
			if (size > items.length) {
				items = Arrays.copyOf(items, capacityFor(size));
			}
			System.arraycopy(added, 0, items, this.size, added.length);
			this.shared.items = items;
			this.shared.used = size;
			return new AppendedList(items, size, this.shared);
		}
	}

	private static int capacityFor(int size) {
		return Math.max(MIN_CAPACITY, size + (size >> 1));
	}

	@Override
	public @Nullable Object get(int index) {
		Objects.checkIndex(index, this.size);
		return this.items[index];
	}

	@Override
	public int size() {
		return this.size;
	}

	/** The array the newest view of it writes to, and how many of its slots that view holds. */
	private static final class Shared {

		@Nullable Object[] items;

		int used;

		Shared(@Nullable Object[] items, int used) {
			this.items = items;
			this.used = used;
		}

	}

}
