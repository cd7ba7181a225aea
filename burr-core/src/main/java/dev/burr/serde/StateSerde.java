package dev.burr.serde;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

import dev.burr.core.State;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.json.JsonWriteFeature;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns a {@link State} into Burr's stored form, a flat JSON object with one entry per state key
 * ({@code __SEQUENCE_ID} and {@code __PRIOR_STEP} included), and back.
 * <p>
 * JSON-native values (null, booleans, numbers, strings, lists and string-keyed maps of those) are written as
 * they are. Anything else needs a codec: a typed field ({@link Builder#field(String, TypeReference)}), a custom
 * field codec ({@link Builder#field(String, Function, Function)}) or a marker-based type codec
 * ({@link Builder#type(Class, String)}); without one the save fails naming the field and its type. Stored JSON
 * never makes this class instantiate a type named in the data: only registered types are ever created.
 * Instances are immutable and thread-safe.
 */
public final class StateSerde {

	/** Key that marks an object written by a type codec, as in Burr ({@code "__burr_serde__"}). */
	public static final String MARKER_KEY = "__burr_serde__";

	private static final StateSerde DEFAULTS = builder().build();

	private static final TypeReference<LinkedHashMap<String, @Nullable Object>> OBJECT_TYPE = new TypeReference<>() {
	};

	private final JsonMapper mapper;

	private final Map<String, FieldCodec> fieldCodecs;

	private final Map<Class<?>, TypeCodec> codecsByType;

	private final Map<String, TypeCodec> codecsByMarker;

	private StateSerde(Builder builder) {
		this.mapper = builder.mapper;
		this.fieldCodecs = Map.copyOf(builder.fieldCodecs);
		this.codecsByType = new LinkedHashMap<>();
		this.codecsByMarker = new LinkedHashMap<>();
		builder.typeCodecs.forEach((type, marker) -> {
			TypeCodec codec = new TypeCodec(type, marker, this.mapper);
			this.codecsByType.put(type, codec);
			this.codecsByMarker.put(marker, codec);
		});
	}

	/** A serde for plain JSON state, with no codecs. */
	public static StateSerde defaults() {
		return DEFAULTS;
	}

	/** A builder to register codecs. */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * The stored form of {@code state}: a map of JSON-native values.
	 * @throws StateSerdeException naming the field when a value is not JSON-native and has no codec
	 */
	public Map<String, @Nullable Object> serialize(State state) {
		Map<String, @Nullable Object> out = new LinkedHashMap<>(Math.max(16, state.size() * 2));
		state.asMap().forEach((key, value) -> {
			FieldCodec codec = this.fieldCodecs.get(key);
			out.put(key, (codec != null) ? codec.serialize(this, key, value) : serializeValue(key, value));
		});
		return out;
	}

	/**
	 * The state whose stored form is {@code stored}.
	 * @throws StateSerdeException naming the field when a value carries an unknown marker or does not fit its
	 * typed field
	 */
	public State deserialize(Map<String, ? extends @Nullable Object> stored) {
		LinkedHashMap<String, @Nullable Object> values = new LinkedHashMap<>(Math.max(16, stored.size() * 2));
		stored.forEach((key, value) -> {
			FieldCodec codec = this.fieldCodecs.get(key);
			values.put(key, (codec != null) ? codec.deserialize(this, key, value) : deserializeValue(key, value));
		});
		return State.fromOwnedMap(values);
	}

	/**
	 * The stored form of {@code state} as JSON text. Non-ASCII characters are escaped, so the text is ASCII and is
	 * built from Jackson's bytes with one copy.
	 */
	public String toJson(State state) {
		return new String(toJsonBytes(state), StandardCharsets.ISO_8859_1);
	}

	/** The stored form of {@code state} as JSON bytes (ASCII, hence also UTF-8). */
	public byte[] toJsonBytes(State state) {
		try {
			return this.mapper.writeValueAsBytes(serialize(state));
		}
		catch (JacksonException ex) {
			throw new StateSerdeException("Cannot write state as JSON: " + ex.getOriginalMessage(), ex);
		}
	}

	/**
	 * The state stored as {@code json}.
	 * @throws StateSerdeException when the text is not a JSON object or a value does not deserialize
	 */
	public State fromJson(String json) {
		Map<String, @Nullable Object> stored;
		try {
			stored = this.mapper.readValue(json, OBJECT_TYPE);
		}
		catch (JacksonException ex) {
			throw new StateSerdeException("Stored state is not a JSON object: " + ex.getOriginalMessage(), ex);
		}
		if (stored == null) {
			throw new StateSerdeException("Stored state is JSON null, not an object");
		}
		return deserialize(stored);
	}

	/**
	 * The JSON-native form of one value that is not a state field (an action's inputs or result, say):
	 * type codecs apply, field codecs do not.
	 * @param path name used in error messages
	 */
	public @Nullable Object serializeValue(String path, @Nullable Object value) {
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
			return serializeList(path, list);
		}
		if (value instanceof Map<?, ?> map) {
			return serializeMap(path, map);
		}
		throw new StateSerdeException("Cannot serialize state field \"" + path + "\": a value of type "
				+ value.getClass().getName() + " is not JSON-native (null, boolean, number, string, list, "
				+ "string-keyed map) and no codec is registered for it. Register one with StateSerde.builder()"
				+ ".field(\"" + rootField(path) + "\", new TypeReference<...>() {}) or .type("
				+ value.getClass().getSimpleName() + ".class, \"marker\").");
	}

	/** The value whose JSON-native form is {@code stored}: marked objects become their registered type. */
	public @Nullable Object deserializeValue(String path, @Nullable Object stored) {
		if (stored instanceof Map<?, ?> map) {
			Object marker = map.get(MARKER_KEY);
			if (marker != null) {
				TypeCodec codec = this.codecsByMarker.get(String.valueOf(marker));
				if (codec == null) {
					throw new StateSerdeException("Cannot deserialize state field \"" + path + "\": unknown "
							+ MARKER_KEY + " marker \"" + marker + "\". Known markers: "
							+ this.codecsByMarker.keySet() + ". Register a type for it with StateSerde.builder()"
							+ ".type(YourType.class, \"" + marker + "\").");
				}
				return codec.deserialize(path, map);
			}
			return deserializeMap(path, map);
		}
		if (stored instanceof List<?> list) {
			return deserializeList(path, list);
		}
		return stored;
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

	private List<@Nullable Object> serializeList(String path, List<?> list) {
		List<@Nullable Object> copy = null;
		for (int i = 0; i < list.size(); i++) {
			Object item = list.get(i);
			Object out = isPlainScalar(item) ? item : serializeValue(path + "[" + i + "]", item);
			if (out != item && copy == null) {
				copy = new ArrayList<>(list.subList(0, i));
			}
			if (copy != null) {
				copy.add(out);
			}
		}
		return (copy != null) ? copy : castList(list);
	}

	private Map<String, @Nullable Object> serializeMap(String path, Map<?, ?> map) {
		if (map.containsKey(MARKER_KEY)) {
			throw new StateSerdeException("Cannot serialize state field \"" + path + "\": it is a map holding the key "
					+ MARKER_KEY + ", which marks values written by a type codec; stored as it is, it would load as "
					+ "a registered type or fail to load. Rename the key, or register a codec for the value's type.");
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
			Object out = isPlainScalar(value) ? value : serializeValue(path + "." + key, value);
			if (out != value && copy == null) {
				copy = new LinkedHashMap<>();
				for (Map.Entry<?, ?> earlier : map.entrySet()) {
					if (earlier == entry) {
						break;
					}
					copy.put((String) earlier.getKey(), earlier.getValue());
				}
			}
			if (copy != null) {
				copy.put(key, out);
			}
		}
		return (copy != null) ? copy : castMap(map);
	}

	private List<@Nullable Object> deserializeList(String path, List<?> list) {
		List<@Nullable Object> copy = null;
		for (int i = 0; i < list.size(); i++) {
			Object item = list.get(i);
			Object out = (item instanceof Map || item instanceof List) ? deserializeValue(path + "[" + i + "]", item)
					: item;
			if (out != item && copy == null) {
				copy = new ArrayList<>(list.subList(0, i));
			}
			if (copy != null) {
				copy.add(out);
			}
		}
		return (copy != null) ? copy : castList(list);
	}

	private Map<String, @Nullable Object> deserializeMap(String path, Map<?, ?> map) {
		Map<String, @Nullable Object> copy = null;
		for (Map.Entry<?, ?> entry : map.entrySet()) {
			Object value = entry.getValue();
			Object out = (value instanceof Map || value instanceof List)
					? deserializeValue(path + "." + entry.getKey(), value) : value;
			if (out != value && copy == null) {
				copy = new LinkedHashMap<>();
				for (Map.Entry<?, ?> earlier : map.entrySet()) {
					if (earlier == entry) {
						break;
					}
					copy.put(String.valueOf(earlier.getKey()), earlier.getValue());
				}
			}
			if (copy != null) {
				copy.put(String.valueOf(entry.getKey()), out);
			}
		}
		return (copy != null) ? copy : castMap(map);
	}

	/** Values written as they are, whatever codecs are registered (strings, booleans, common numbers). */
	private static boolean isPlainScalar(@Nullable Object value) {
		return value == null || value instanceof String || value instanceof Boolean || value instanceof Integer
				|| value instanceof Long;
	}

	@SuppressWarnings("unchecked")
	private static List<@Nullable Object> castList(List<?> list) {
		return (List<@Nullable Object>) list;
	}

	@SuppressWarnings("unchecked")
	private static Map<String, @Nullable Object> castMap(Map<?, ?> map) {
		return (Map<String, @Nullable Object>) map;
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

	/** Registers codecs; {@link #build()} makes an immutable {@link StateSerde}. */
	public static final class Builder {

		private JsonMapper mapper = JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();

		private final Map<String, FieldCodec> fieldCodecs = new LinkedHashMap<>();

		private final Map<Class<?>, String> typeCodecs = new LinkedHashMap<>();

		private Builder() {
		}

		/**
		 * The Jackson mapper used to convert typed fields and registered types (Spring Boot passes its own, so
		 * {@code spring.jackson.*} settings and modules apply). On a copy of it, default typing is switched off
		 * (stored data never names the class to create) and non-ASCII characters are escaped, as Python's
		 * {@code json.dumps} does for Burr, so that any Java string (lone surrogates included) round-trips.
		 */
		public Builder jsonMapper(JsonMapper jsonMapper) {
			Objects.requireNonNull(jsonMapper, "jsonMapper");
			this.mapper = jsonMapper.rebuild().deactivateDefaultTyping().enable(JsonWriteFeature.ESCAPE_NON_ASCII)
				.build();
			return this;
		}

		/**
		 * Stores the field {@code name} through Jackson as {@code type}, and reads it back as that type (a
		 * record, a {@code List<ChatMessage>}, ...).
		 */
		public Builder field(String name, TypeReference<?> type) {
			Objects.requireNonNull(type, "type");
			this.fieldCodecs.put(checkName(name), new TypedFieldCodec(type));
			return this;
		}

		/**
		 * Stores the field {@code name} through custom functions, as Burr's {@code register_field_serde}. The
		 * serializer must return JSON-native data (registered types allowed); the deserializer receives exactly
		 * what the serializer returned.
		 */
		public Builder field(String name, Function<@Nullable Object, @Nullable Object> serializer,
				Function<@Nullable Object, @Nullable Object> deserializer) {
			Objects.requireNonNull(serializer, "serializer");
			Objects.requireNonNull(deserializer, "deserializer");
			this.fieldCodecs.put(checkName(name), new CustomFieldCodec(serializer, deserializer));
			return this;
		}

		/**
		 * Stores every instance of {@code type} (and of its subclasses without a codec of their own) as a JSON
		 * object with {@code "__burr_serde__": marker}, and reads objects with that marker back as
		 * {@code type}, wherever they are in the state.
		 */
		public Builder type(Class<?> type, String marker) {
			Objects.requireNonNull(type, "type");
			checkName(marker);
			this.typeCodecs.forEach((registered, existing) -> {
				if (existing.equals(marker) && registered != type) {
					throw new IllegalArgumentException("Marker \"" + marker + "\" is already registered for "
							+ registered.getName() + "; choose another marker for " + type.getName());
				}
			});
			this.typeCodecs.put(type, marker);
			return this;
		}

		/** A serde with the codecs registered so far. */
		public StateSerde build() {
			return new StateSerde(this);
		}

		private static String checkName(String name) {
			if (name == null || name.isBlank()) {
				throw new IllegalArgumentException("Field names and markers must not be blank");
			}
			return name;
		}

	}

	private static final class TypedFieldCodec implements FieldCodec {

		private final TypeReference<?> reference;

		private volatile @Nullable JavaType type;

		private TypedFieldCodec(TypeReference<?> reference) {
			this.reference = reference;
		}

		@Override
		public @Nullable Object serialize(StateSerde serde, String path, @Nullable Object value) {
			try {
				return serde.mapper.convertValue(value, Object.class);
			}
			catch (RuntimeException ex) {
				throw new StateSerdeException("Cannot serialize state field \"" + path + "\" as "
						+ javaType(serde).toCanonical() + ": " + ex.getMessage(), ex);
			}
		}

		@Override
		public @Nullable Object deserialize(StateSerde serde, String path, @Nullable Object stored) {
			try {
				return serde.mapper.convertValue(stored, javaType(serde));
			}
			catch (RuntimeException ex) {
				throw new StateSerdeException("Cannot deserialize state field \"" + path + "\" as "
						+ javaType(serde).toCanonical() + ": " + ex.getMessage(), ex);
			}
		}

		private JavaType javaType(StateSerde serde) {
			JavaType resolved = this.type;
			if (resolved == null) {
				resolved = serde.mapper.getTypeFactory().constructType(this.reference);
				this.type = resolved;
			}
			return resolved;
		}

	}

	private static final class CustomFieldCodec implements FieldCodec {

		private final Function<@Nullable Object, @Nullable Object> serializer;

		private final Function<@Nullable Object, @Nullable Object> deserializer;

		private CustomFieldCodec(Function<@Nullable Object, @Nullable Object> serializer,
				Function<@Nullable Object, @Nullable Object> deserializer) {
			this.serializer = serializer;
			this.deserializer = deserializer;
		}

		@Override
		public @Nullable Object serialize(StateSerde serde, String path, @Nullable Object value) {
			Object out;
			try {
				out = this.serializer.apply(value);
			}
			catch (RuntimeException ex) {
				throw new StateSerdeException("Field serializer for \"" + path + "\" failed: " + ex.getMessage(), ex);
			}
			return serde.serializeValue(path, out);
		}

		@Override
		public @Nullable Object deserialize(StateSerde serde, String path, @Nullable Object stored) {
			try {
				return this.deserializer.apply(stored);
			}
			catch (RuntimeException ex) {
				throw new StateSerdeException("Field deserializer for \"" + path + "\" failed: " + ex.getMessage(),
						ex);
			}
		}

	}

}
