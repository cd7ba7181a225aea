package dev.burr.redis;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.data.redis.core.script.RedisScript;

/** The Lua scripts that make each write one atomic step. */
final class RedisScripts {

	@SuppressWarnings("rawtypes")
	private static final Map<String, RedisScript<List>> IN_ORDER = new ConcurrentHashMap<>();

	/**
	 * Saves a step. KEYS: step hash, partition set, app's steps set, activity set. ARGV: TTL in milliseconds
	 * ({@code 0} for none), app id, sequence id, then the hash's field/value pairs. Returns 0 when the step is
	 * already stored (nothing is written), 1 otherwise.
	 */
	static final RedisScript<Long> SAVE = RedisScript.of("""
			if redis.call('EXISTS', KEYS[1]) == 1 then
				return 0
			end
			redis.call('HSET', KEYS[1], unpack(ARGV, 4))
			local current = redis.call('ZSCORE', KEYS[2], ARGV[2])
			if not current or tonumber(current) < tonumber(ARGV[3]) then
				redis.call('ZADD', KEYS[2], ARGV[3], ARGV[2])
			end
			redis.call('ZADD', KEYS[3], ARGV[3], ARGV[3])
			local now = redis.call('TIME')
			redis.call('ZADD', KEYS[4], now[1] .. string.format('%06d', tonumber(now[2])), ARGV[2])
			if ARGV[1] ~= '0' then
				for i = 1, 4 do
					redis.call('PEXPIRE', KEYS[i], ARGV[1])
				end
			end
			return 1
			""", Long.class);

	/** Sets the TTL of every key. ARGV: TTL in milliseconds. */
	static final RedisScript<Long> TOUCH = RedisScript.of("""
			for i = 1, #KEYS do
				redis.call('PEXPIRE', KEYS[i], ARGV[1])
			end
			return #KEYS
			""", Long.class);

	/**
	 * Deletes an app. KEYS: partition set, activity set, then the app's index sets (its steps set first). ARGV:
	 * app id, step key prefix. Returns the number of step hashes deleted.
	 */
	static final RedisScript<Long> DELETE_APP = RedisScript.of("""
			local deleted = 0
			for _, seq in ipairs(redis.call('ZRANGE', KEYS[3], 0, -1)) do
				deleted = deleted + redis.call('DEL', ARGV[2] .. seq)
			end
			local latest = redis.call('ZSCORE', KEYS[1], ARGV[1])
			if latest then
				deleted = deleted + redis.call('DEL', ARGV[2] .. latest)
			end
			redis.call('ZREM', KEYS[1], ARGV[1])
			redis.call('ZREM', KEYS[2], ARGV[1])
			for i = 3, #KEYS do
				redis.call('DEL', KEYS[i])
			end
			return deleted
			""", Long.class);

	/**
	 * Deletes some steps of an app. KEYS: the app's index sets. ARGV: step key prefix, then the sequence ids.
	 * Returns the number of step hashes deleted.
	 */
	static final RedisScript<Long> DELETE_STEPS = RedisScript.of("""
			local deleted = 0
			for i = 2, #ARGV do
				deleted = deleted + redis.call('DEL', ARGV[1] .. ARGV[i])
				for k = 1, #KEYS do
					redis.call('ZREM', KEYS[k], ARGV[i])
				end
			end
			return deleted
			""", Long.class);

	/**
	 * A script that runs the step save script {@code save} (one that replies 0 when its step is already stored
	 * and has written nothing, 1 when it stored it) for several steps of one app, in order, and stops at the
	 * first step not stored, so that no step is stored after an earlier one that was not. KEYS: each step's keys
	 * in turn. ARGV: the number of keys per step, the number of arguments per step, then each step's arguments in
	 * turn. Replies {@code [n]} when the first {@code n} steps are stored and step {@code n + 1}, if any, is
	 * already stored; {@code [n, error]} when step {@code n + 1} failed with {@code error} (Redis does not undo
	 * what a failing script wrote, so the first {@code n} stay stored). One instance per {@code save}.
	 */
	@SuppressWarnings("rawtypes")
	static RedisScript<List> inOrder(RedisScript<Long> save) {
		return IN_ORDER.computeIfAbsent(save.getSha1(), (sha) -> RedisScript.of("local function save(KEYS, ARGV)\n"
				+ save.getScriptAsString() + """
				end
				local keyCount, argCount = tonumber(ARGV[1]), tonumber(ARGV[2])
				local steps = #KEYS / keyCount
				for s = 0, steps - 1 do
					local ok, saved = pcall(save, { unpack(KEYS, s * keyCount + 1, (s + 1) * keyCount) },
						{ unpack(ARGV, 3 + s * argCount, 2 + (s + 1) * argCount) })
					if not ok then
						return { s, (type(saved) == 'table' and saved.err) or tostring(saved) }
					end
					if saved == 0 then
						return { s }
					end
				end
				return { steps }
				""", List.class));
	}

	private RedisScripts() {
	}

}
