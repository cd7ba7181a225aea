package dev.burr.serde;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * What {@link ValueWriter} and {@link ValueReader} share: the copy they start once a value inside a map changes,
 * and the casts that hand an unchanged list or map back as it is.
 */
final class ValueTrees {

	private ValueTrees() {
	}

	/** A copy of the entries of {@code map} before {@code stop}, keys as strings. */
	static Map<String, @Nullable Object> entriesBefore(Map<?, ?> map, Map.Entry<?, ?> stop) {
		Map<String, @Nullable Object> copy = new LinkedHashMap<>();
		for (Map.Entry<?, ?> earlier : map.entrySet()) {
			if (earlier == stop) {
				break;
			}
			copy.put(String.valueOf(earlier.getKey()), earlier.getValue());
		}
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
