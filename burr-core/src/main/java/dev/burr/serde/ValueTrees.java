package dev.burr.serde;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Copy-on-write for {@link ValueWriter} and {@link ValueReader}: a list or map is copied only once a value in it
 * changes, and handed back as it is otherwise.
 */
final class ValueTrees {

	private ValueTrees() {
	}

	/**
	 * The copy of {@code list} after item {@code i} became {@code out}: {@code null} while no item changed, then
	 * a copy of the items before the first change, with each later item added.
	 */
	static @Nullable List<@Nullable Object> withItem(List<?> list, @Nullable List<@Nullable Object> copy, int i,
			@Nullable Object item, @Nullable Object out) {
		if (copy == null) {
			if (out == item) {
				return null;
			}
			copy = new ArrayList<>(list.subList(0, i));
		}
		copy.add(out);
		return copy;
	}

	/**
	 * The copy of {@code map} after {@code value}, that of {@code entry}, became {@code out}: {@code null} while
	 * no value changed, then a copy of the entries before the first change, with each later entry put (keys as
	 * strings).
	 */
	static @Nullable Map<String, @Nullable Object> withEntry(Map<?, ?> map,
			@Nullable Map<String, @Nullable Object> copy, Map.Entry<?, ?> entry, @Nullable Object value,
			@Nullable Object out) {
		if (copy == null) {
			if (out == value) {
				return null;
			}
			copy = new LinkedHashMap<>();
			for (Map.Entry<?, ?> earlier : map.entrySet()) {
				if (earlier == entry) {
					break;
				}
				copy.put(String.valueOf(earlier.getKey()), earlier.getValue());
			}
		}
		copy.put(String.valueOf(entry.getKey()), out);
		return copy;
	}

	@SuppressWarnings("unchecked")
	static List<@Nullable Object> castList(List<?> list) {
		return (List<@Nullable Object>) list;
	}

	@SuppressWarnings("unchecked")
	static Map<String, @Nullable Object> castMap(Map<?, ?> map) {
		return (Map<String, @Nullable Object>) map;
	}

}
