package dev.burr.serde;

import org.jspecify.annotations.Nullable;

/** Converts the value of one state field to JSON-native data and back. */
interface FieldCodec {

	@Nullable Object serialize(StateSerde serde, String path, @Nullable Object value);

	@Nullable Object deserialize(StateSerde serde, String path, @Nullable Object stored);

}
