package dev.burr.redis;

import java.nio.charset.StandardCharsets;

import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.serializer.RedisSerializer;

/**
 * Script arguments as Redis receives them: a {@code byte[]} as it is (a step's JSON, sent without a copy to a
 * String and back), anything else as the UTF-8 bytes of its text, as {@code StringRedisTemplate} sends it.
 */
final class ScriptArgumentSerializer implements RedisSerializer<Object> {

	static final ScriptArgumentSerializer INSTANCE = new ScriptArgumentSerializer();

	private ScriptArgumentSerializer() {
	}

	@Override
	public byte @Nullable [] serialize(@Nullable Object value) {
		if (value == null) {
			return null;
		}
		return (value instanceof byte[] bytes) ? bytes : value.toString().getBytes(StandardCharsets.UTF_8);
	}

	@Override
	public @Nullable Object deserialize(byte @Nullable [] bytes) {
		return (bytes != null) ? new String(bytes, StandardCharsets.UTF_8) : null;
	}

}
