package dev.burr.serde;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Walks a JSON-native value tree back into values: objects carrying a registered marker become their type
 * through its {@link TypeCodec}, an unknown marker fails naming its path, everything else stays as it is (lists
 * and maps are copied only when something inside them changes).
 */
final class ValueReader {

	private final Map<String, TypeCodec> codecsByMarker;

	ValueReader(Map<String, TypeCodec> codecsByMarker) {
		this.codecsByMarker = codecsByMarker;
	}

	@Nullable Object read(String path, @Nullable Object stored) {
		if (stored instanceof Map<?, ?> map) {
			Object marker = map.get(StateSerde.MARKER_KEY);
			if (marker != null) {
				TypeCodec codec = this.codecsByMarker.get(String.valueOf(marker));
				if (codec == null) {
					throw new StateSerdeException("Cannot deserialize state field \"" + path + "\": unknown "
							+ StateSerde.MARKER_KEY + " marker \"" + marker + "\". Known markers: "
							+ this.codecsByMarker.keySet() + ". Register a type for it with StateSerde.builder()"
							+ ".type(YourType.class, \"" + marker + "\").");
				}
				return codec.deserialize(path, map);
			}
			return readMap(path, map);
		}
		if (stored instanceof List<?> list) {
			return readList(path, list);
		}
		return stored;
	}

	private List<@Nullable Object> readList(String path, List<?> list) {
		List<@Nullable Object> copy = null;
		for (int i = 0; i < list.size(); i++) {
			Object item = list.get(i);
			Object out = (item instanceof Map || item instanceof List) ? read(path + "[" + i + "]", item) : item;
			copy = ValueTrees.withItem(list, copy, i, item, out);
		}
		return (copy != null) ? copy : ValueTrees.castList(list);
	}

	private Map<String, @Nullable Object> readMap(String path, Map<?, ?> map) {
		Map<String, @Nullable Object> copy = null;
		for (Map.Entry<?, ?> entry : map.entrySet()) {
			Object value = entry.getValue();
			Object out = (value instanceof Map || value instanceof List) ? read(path + "." + entry.getKey(), value)
					: value;
			copy = ValueTrees.withEntry(map, copy, entry, value, out);
		}
		return (copy != null) ? copy : ValueTrees.castMap(map);
	}

}
