package dev.burr.serde;

import java.util.function.Function;

import org.jspecify.annotations.Nullable;

/**
 * Converts one field through user functions, as Burr's {@code register_field_serde}; what the serializer returns
 * is then written as any other value, so registered types may appear in it.
 */
final class CustomFieldCodec implements FieldCodec {

	private final Function<@Nullable Object, @Nullable Object> serializer;

	private final Function<@Nullable Object, @Nullable Object> deserializer;

	CustomFieldCodec(Function<@Nullable Object, @Nullable Object> serializer,
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
			throw new StateSerdeException("Field deserializer for \"" + path + "\" failed: " + ex.getMessage(), ex);
		}
	}

}
