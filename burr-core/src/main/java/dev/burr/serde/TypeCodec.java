package dev.burr.serde;

import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes instances of one registered class as a JSON object carrying the {@code __burr_serde__} marker, and
 * turns objects carrying that marker back into the class. Values whose JSON form is not an object are
 * wrapped as {@code {"__burr_serde__": marker, "value": ...}}, as Burr's pickle codec does.
 */
final class TypeCodec {

	private final Class<?> type;

	private final String marker;

	private final JsonMapper mapper;

	TypeCodec(Class<?> type, String marker, JsonMapper mapper) {
		this.type = type;
		this.marker = marker;
		this.mapper = mapper;
	}

	Class<?> type() {
		return this.type;
	}

	String marker() {
		return this.marker;
	}

	Map<String, @Nullable Object> serialize(String path, Object value) {
		Object tree;
		try {
			tree = this.mapper.convertValue(value, Object.class);
		}
		catch (RuntimeException ex) {
			throw new StateSerdeException("Cannot serialize state field \"" + path + "\" of type "
					+ this.type.getName() + " with marker \"" + this.marker + "\": " + ex.getMessage(), ex);
		}
		Map<String, @Nullable Object> out = new LinkedHashMap<>();
		if (tree instanceof Map<?, ?> map && !map.containsKey(StateSerde.MARKER_KEY)) {
			map.forEach((k, v) -> out.put(String.valueOf(k), v));
		}
		else {
			out.put(VALUE_KEY, tree);
		}
		out.put(StateSerde.MARKER_KEY, this.marker);
		return out;
	}

	Object deserialize(String path, Map<?, ?> stored) {
		Map<Object, Object> body = new LinkedHashMap<>(stored);
		body.remove(StateSerde.MARKER_KEY);
		Object source = (body.size() == 1 && body.containsKey(VALUE_KEY)) ? body.get(VALUE_KEY) : body;
		try {
			return this.mapper.convertValue(source, this.type);
		}
		catch (RuntimeException ex) {
			if (source != body) {
				try {
					return this.mapper.convertValue(body, this.type);
				}
				catch (RuntimeException ignored) {
					// report the first failure
				}
			}
			throw new StateSerdeException("Cannot deserialize state field \"" + path + "\" with marker \""
					+ this.marker + "\" as " + this.type.getName() + ": " + ex.getMessage(), ex);
		}
	}

	private static final String VALUE_KEY = "value";

}
