package dev.burr.redis;

import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.data.redis.serializer.GenericToStringSerializer;
import org.springframework.data.redis.serializer.RedisSerializer;

/**
 * One step's save as a Lua script call: the script, its keys and its arguments (text, or JSON as UTF-8 bytes,
 * see {@link BytesSerializer}). {@link #runOn} runs it alone; a group commit can send several in one
 * pipeline and read each reply with {@link #stored}.
 * @param script a script that replies 0 when the step is already stored (and writes nothing), 1 otherwise
 * @param layoutData what the layout that built the write needs to know once it ran, or {@code null}
 */
record StepWrite(RedisScript<Long> script, List<String> keys, Object[] args, @Nullable Object layoutData) {

	private static final RedisSerializer<Long> REPLY = new GenericToStringSerializer<>(Long.class);

	StepWrite(RedisScript<Long> script, List<String> keys, Object[] args) {
		this(script, keys, args, null);
	}

	/** Runs this write; {@code false} when the step was already stored. */
	boolean runOn(StringRedisTemplate redis) {
		return stored(redis.execute(this.script, BytesSerializer.INSTANCE, REPLY, this.keys, this.args));
	}

	/** Whether a reply of {@link #script} means that the step was stored. */
	static boolean stored(@Nullable Long reply) {
		return reply != null && reply != 0L;
	}

}
