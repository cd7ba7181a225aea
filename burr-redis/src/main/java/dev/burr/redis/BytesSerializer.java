package dev.burr.redis;

import java.nio.charset.StandardCharsets;

import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.serializer.RedisSerializer;

/**
 * Script arguments and replies as Redis sends them: a {@code byte[]} as it is (a step's JSON, sent and read
 * without a copy to a String and back), any other argument as the UTF-8 bytes of its text, as
 * {@code StringRedisTemplate} sends it.
 */
final class BytesSerializer implements RedisSerializer<Object> {

	static final BytesSerializer INSTANCE = new BytesSerializer();

	private BytesSerializer() {
	}

	@Override
	public byte @Nullable [] serialize(@Nullable Object value) {
		if (value == null) {
			return null;
		}
		return (value instanceof byte[] bytes) ? bytes : value.toString().getBytes(StandardCharsets.UTF_8);
	}

	/** The bytes as they came. */
	@Override
	public @Nullable Object deserialize(byte @Nullable [] bytes) {
		return bytes;
	}

}
