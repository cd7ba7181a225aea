package dev.burr.serde;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

import dev.burr.core.State;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.json.JsonWriteFeature;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.ObjectReader;
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

	private static final TypeReference<LinkedHashMap<String, @Nullable Object>> OBJECT_TYPE = new TypeReference<>() {
	};

	/** After {@link #OBJECT_TYPE}, which building it needs. */
	private static final StateSerde DEFAULTS = builder().build();

	private final JsonMapper mapper;

	/** Reads a stored state's JSON object; built once, as each {@code readValue} call would otherwise resolve it. */
	private final ObjectReader stateReader;

	/** Reads one stored value of any kind, for {@link StoredFields}. */
	private final ObjectReader valueReader;

	private final Map<String, FieldCodec> fieldCodecs;

	private final ValueWriter writer;

	private final ValueReader reader;

	private StateSerde(Builder builder) {
		this.mapper = builder.mapper;
		this.stateReader = this.mapper.readerFor(OBJECT_TYPE);
		this.valueReader = this.mapper.readerFor(Object.class).without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
		this.fieldCodecs = Map.copyOf(builder.fieldCodecs);
		Map<Class<?>, TypeCodec> codecsByType = new LinkedHashMap<>();
		Map<String, TypeCodec> codecsByMarker = new LinkedHashMap<>();
		builder.typeCodecs.forEach((type, marker) -> {
			TypeCodec codec = new TypeCodec(type, marker, this.mapper);
			codecsByType.put(type, codec);
			codecsByMarker.put(marker, codec);
		});
		this.writer = new ValueWriter(codecsByType);
		this.reader = new ValueReader(codecsByMarker);
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
			out.put(key, (codec != null) ? codec.serialize(this, key, value) : this.writer.write(key, value));
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
		stored.forEach((key, value) -> values.put(key, deserializeField(key, value)));
		return State.fromOwnedMap(values);
	}

	/** The value of state key {@code key} whose stored form is {@code stored}, through its field codec if any. */
	@Nullable Object deserializeField(String key, @Nullable Object stored) {
		FieldCodec codec = this.fieldCodecs.get(key);
		return (codec != null) ? codec.deserialize(this, key, stored) : this.reader.read(key, stored);
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
			return JsonOutput.write(this.mapper, serialize(state));
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
			stored = this.stateReader.readValue(json);
		}
		catch (JacksonException ex) {
			throw notAnObject(ex);
		}
		return fromStored(stored);
	}

	/**
	 * The state stored as {@code json} in UTF-8, parsed from the bytes without first making them a string.
	 * @throws StateSerdeException when the bytes are not a JSON object or a value does not deserialize
	 */
	public State fromJson(byte[] json) {
		Map<String, @Nullable Object> stored;
		try {
			stored = this.stateReader.readValue(json);
		}
		catch (JacksonException ex) {
			throw notAnObject(ex);
		}
		return fromStored(stored);
	}

	/**
	 * Reads the stored state {@code json} (UTF-8) field by field, materializing only the values asked for: what a
	 * reader that needs some fields of a large state uses.
	 * @throws StateSerdeException when the bytes do not start a JSON object
	 */
	public StoredFields storedFields(byte[] json) {
		return new StoredFields(this, this.valueReader, json);
	}

	private static StateSerdeException notAnObject(JacksonException ex) {
		return new StateSerdeException("Stored state is not a JSON object: " + ex.getOriginalMessage(), ex);
	}

	private State fromStored(@Nullable Map<String, @Nullable Object> stored) {
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
		return this.writer.write(path, value);
	}

	/** The value whose JSON-native form is {@code stored}: marked objects become their registered type. */
	public @Nullable Object deserializeValue(String path, @Nullable Object stored) {
		return this.reader.read(path, stored);
	}

	/**
	 * Whether the list at {@code key} may be stored in parts (the items a step appended) and rebuilt by
	 * concatenating them: true unless the key has a custom field codec, whose functions see only whole values.
	 */
	public boolean appendsItemWise(String key) {
		return !(this.fieldCodecs.get(key) instanceof CustomFieldCodec);
	}

	/** The mapper typed fields and registered types convert with. */
	JsonMapper mapper() {
		return this.mapper;
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

}
