package dev.burr.serde;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JavaType;

/** Converts one field through the serde's Jackson mapper as a declared type (a record, a {@code List<T>}, ...). */
final class TypedFieldCodec implements FieldCodec {

	private final TypeReference<?> reference;

	private volatile @Nullable JavaType type;

	TypedFieldCodec(TypeReference<?> reference) {
		this.reference = reference;
	}

	@Override
	public @Nullable Object serialize(StateSerde serde, String path, @Nullable Object value) {
		try {
			return serde.mapper().convertValue(value, Object.class);
		}
		catch (RuntimeException ex) {
			throw new StateSerdeException("Cannot serialize state field \"" + path + "\" as "
					+ javaType(serde).toCanonical() + ": " + ex.getMessage(), ex);
		}
	}

	@Override
	public @Nullable Object deserialize(StateSerde serde, String path, @Nullable Object stored) {
		try {
			return serde.mapper().convertValue(stored, javaType(serde));
		}
		catch (RuntimeException ex) {
			throw new StateSerdeException("Cannot deserialize state field \"" + path + "\" as "
					+ javaType(serde).toCanonical() + ": " + ex.getMessage(), ex);
		}
	}

	private JavaType javaType(StateSerde serde) {
		JavaType resolved = this.type;
		if (resolved == null) {
			resolved = serde.mapper().getTypeFactory().constructType(this.reference);
			this.type = resolved;
		}
		return resolved;
	}

}
