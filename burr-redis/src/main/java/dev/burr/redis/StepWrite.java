package dev.burr.redis;

import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.core.script.RedisScript;

/**
 * One step's save as a layout builds it, without touching Redis: its save script, keys and arguments (text, or
 * JSON as UTF-8 bytes, see {@link BytesSerializer}). {@link PipelinedSaves} sends the writes of a batch, each
 * app's through {@link RedisScripts#inOrder}.
 * @param script a script that replies 0 when the step is already stored (and writes nothing), 1 otherwise
 * @param layoutData what the layout that built the write needs to know once it ran, or {@code null}
 */
record StepWrite(RedisScript<Long> script, List<String> keys, Object[] args, @Nullable Object layoutData) {

	StepWrite(RedisScript<Long> script, List<String> keys, Object[] args) {
		this(script, keys, args, null);
	}

}
