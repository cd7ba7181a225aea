package dev.burr.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.lettuce.core.LettuceFutures;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.ReturnType;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * Sends script calls to Redis in one round trip: on Lettuce's connection (the shared one unless the factory
 * says otherwise) every call is written before any reply is awaited, and each call gets its own reply or
 * failure. Calls whose script Redis does not hold (after a restart or {@code SCRIPT FLUSH}; nothing ran) are
 * sent again in full, together. Over another kind of connection factory the calls run one after another.
 * Replies are awaited up to the factory's command timeout (Lettuce), else 60 seconds.
 */
final class ScriptPipeline {

	private static final Duration OTHER_FACTORIES_TIMEOUT = Duration.ofSeconds(60);

	private final StringRedisTemplate redis;

	private final long timeoutNanos;

	ScriptPipeline(StringRedisTemplate redis, RedisConnectionFactory connectionFactory) {
		this.redis = redis;
		this.timeoutNanos = (connectionFactory instanceof LettuceConnectionFactory lettuce)
				? TimeUnit.MILLISECONDS.toNanos(lettuce.getTimeout()) : OTHER_FACTORIES_TIMEOUT.toNanos();
	}

	/**
	 * Sends {@code calls} and returns what each got, in order.
	 * @throws org.springframework.dao.DataAccessException when no connection could be had: nothing was sent
	 */
	List<Reply> send(List<Call> calls) {
		return this.redis.execute((RedisCallback<List<Reply>>) (connection) -> {
			if (connection.getNativeConnection() instanceof RedisClusterAsyncCommands<?, ?> async) {
				@SuppressWarnings("unchecked")
				RedisClusterAsyncCommands<byte[], byte[]> commands = (RedisClusterAsyncCommands<byte[], byte[]>) async;
				return pipelined(commands, calls);
			}
			return oneByOne(connection, calls);
		});
	}

	private List<Reply> pipelined(RedisClusterAsyncCommands<byte[], byte[]> commands, List<Call> calls) {
		List<Sent> sent = new ArrayList<>(calls.size());
		for (Call call : calls) {
			sent.add(Sent.of(() -> commands.evalsha(call.script().getSha1(), ScriptOutputType.MULTI, call.keys(),
					call.args())));
		}
		List<Reply> replies = awaitAll(sent);
		List<Integer> unknownScript = new ArrayList<>();
		List<Sent> resent = new ArrayList<>();
		for (int i = 0; i < calls.size(); i++) {
			if (replies.get(i).failure() instanceof RedisNoScriptException) {
				Call call = calls.get(i);
				unknownScript.add(i);
				resent.add(Sent.of(() -> commands.eval(call.script().getScriptAsString(), ScriptOutputType.MULTI,
						call.keys(), call.args())));
			}
		}
		List<Reply> second = awaitAll(resent);
		for (int j = 0; j < unknownScript.size(); j++) {
			replies.set(unknownScript.get(j), second.get(j));
		}
		return replies;
	}

	private List<Reply> awaitAll(List<Sent> sent) {
		long deadline = System.nanoTime() + this.timeoutNanos;
		List<Reply> replies = new ArrayList<>(sent.size());
		for (Sent one : sent) {
			RedisFuture<List<Object>> future = one.future();
			if (future == null) {
				replies.add(new Reply(null, one.failure()));
				continue;
			}
			try {
				long left = Math.max(0, deadline - System.nanoTime());
				replies.add(new Reply(LettuceFutures.awaitOrCancel(future, left, TimeUnit.NANOSECONDS), null));
			}
			catch (RuntimeException ex) {
				replies.add(new Reply(null, ex));
			}
		}
		return replies;
	}

	@SuppressWarnings("unchecked")
	private static List<Reply> oneByOne(RedisConnection connection, List<Call> calls) {
		List<Reply> replies = new ArrayList<>(calls.size());
		for (Call call : calls) {
			byte[][] keysAndArgs = new byte[call.keys().length + call.args().length][];
			System.arraycopy(call.keys(), 0, keysAndArgs, 0, call.keys().length);
			System.arraycopy(call.args(), 0, keysAndArgs, call.keys().length, call.args().length);
			try {
				List<Object> reply = connection.scriptingCommands()
					.eval(call.script().getScriptAsString().getBytes(StandardCharsets.UTF_8), ReturnType.MULTI,
							call.keys().length, keysAndArgs);
				replies.add(new Reply(reply, null));
			}
			catch (RuntimeException ex) {
				replies.add(new Reply(null, ex));
			}
		}
		return replies;
	}

	/** One call of a script that replies a list, with its keys and arguments as Redis receives them. */
	@SuppressWarnings("rawtypes")
	record Call(RedisScript<List> script, byte[][] keys, byte[][] args) {
	}

	/** A call written to the connection, or why it could not be. */
	private record Sent(@Nullable RedisFuture<List<Object>> future, @Nullable RuntimeException failure) {

		static Sent of(Supplier<RedisFuture<List<Object>>> dispatch) {
			try {
				return new Sent(dispatch.get(), null);
			}
			catch (RuntimeException ex) {
				return new Sent(null, ex);
			}
		}

	}

	/** What a call got: its reply's values (integers as {@code Long}, text as bytes), or why it has none. */
	record Reply(@Nullable List<Object> values, @Nullable RuntimeException failure) {
	}

}
