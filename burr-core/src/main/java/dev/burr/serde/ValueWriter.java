package dev.burr.serde;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Walks a value tree into its JSON-native form: JSON-native values stay as they are (lists and maps are copied
 * only when something inside them changes), registered types go through their {@link TypeCodec}, anything else
 * fails naming its path.
 */
final class ValueWriter {

	private final Map<Class<?>, TypeCodec> codecsByType;

	ValueWriter(Map<Class<?>, TypeCodec> codecsByType) {
		this.codecsByType = codecsByType;
	}

	@Nullable Object write(String path, @Nullable Object value) {
		if (value == null || value instanceof String || value instanceof Boolean || value instanceof Integer
				|| value instanceof Long) {
			return value;
		}
		if (value instanceof Double || value instanceof Float) {
			double d = ((Number) value).doubleValue();
			if (!Double.isFinite(d)) {
				throw new StateSerdeException("Cannot serialize state field \"" + path + "\": " + d
						+ " is not a JSON number");
			}
			return value;
		}
		if (value instanceof Short || value instanceof Byte || value instanceof BigInteger
				|| value instanceof BigDecimal) {
			return value;
		}
		TypeCodec codec = codecFor(value.getClass());
		if (codec != null) {
			return codec.serialize(path, value);
		}
		if (value instanceof List<?> list) {
			return writeList(path, list);
		}
		if (value instanceof Map<?, ?> map) {
			return writeMap(path, map);
		}
		throw new StateSerdeException("Cannot serialize state field \"" + path + "\": a value of type "
				+ value.getClass().getName() + " is not JSON-native (null, boolean, number, string, list, "
				+ "string-keyed map) and no codec is registered for it. Register one with StateSerde.builder()"
				+ ".field(\"" + rootField(path) + "\", new TypeReference<...>() {}) or .type("
				+ value.getClass().getSimpleName() + ".class, \"marker\").");
	}

	private @Nullable TypeCodec codecFor(Class<?> type) {
		if (this.codecsByType.isEmpty()) {
			return null;
		}
		TypeCodec exact = this.codecsByType.get(type);
		if (exact != null) {
			return exact;
		}
		TypeCodec best = null;
		for (TypeCodec codec : this.codecsByType.values()) {
			if (codec.type().isAssignableFrom(type) && (best == null || best.type().isAssignableFrom(codec.type()))) {
				best = codec;
			}
		}
		return best;
	}

	private List<@Nullable Object> writeList(String path, List<?> list) {
		List<@Nullable Object> copy = null;
		for (int i = 0; i < list.size(); i++) {
			Object item = list.get(i);
			Object out = isPlainScalar(item) ? item : write(path + "[" + i + "]", item);
			copy = ValueTrees.withItem(list, copy, i, item, out);
		}
		return (copy != null) ? copy : ValueTrees.castList(list);
	}

	private Map<String, @Nullable Object> writeMap(String path, Map<?, ?> map) {
		if (map.containsKey(StateSerde.MARKER_KEY)) {
			throw new StateSerdeException("Cannot serialize state field \"" + path + "\": it is a map holding the key "
					+ StateSerde.MARKER_KEY + ", which marks values written by a type codec; stored as it is, it would "
					+ "load as a registered type or fail to load. Rename the key, or register a codec for the value's "
					+ "type.");
		}
		Map<String, @Nullable Object> copy = null;
		for (Map.Entry<?, ?> entry : map.entrySet()) {
			if (!(entry.getKey() instanceof String key)) {
				throw new StateSerdeException("Cannot serialize state field \"" + path + "\": map key "
						+ entry.getKey() + " is a " + ((entry.getKey() != null) ? entry.getKey().getClass().getName()
								: "null")
						+ ", but JSON object keys must be strings");
			}
			Object value = entry.getValue();
			Object out = isPlainScalar(value) ? value : write(path + "." + key, value);
			copy = ValueTrees.withEntry(map, copy, entry, value, out);
		}
		return (copy != null) ? copy : ValueTrees.castMap(map);
	}

	/** Values written as they are, whatever codecs are registered (strings, booleans, common numbers). */
	private static boolean isPlainScalar(@Nullable Object value) {
		return value == null || value instanceof String || value instanceof Boolean || value instanceof Integer
				|| value instanceof Long;
	}

	private static String rootField(String path) {
		int end = path.length();
		for (int i = 0; i < path.length(); i++) {
			char c = path.charAt(i);
			if (c == '.' || c == '[') {
				end = i;
				break;
			}
		}
		return path.substring(0, end);
	}

}
