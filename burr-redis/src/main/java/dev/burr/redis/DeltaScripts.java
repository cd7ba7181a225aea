package dev.burr.redis;

import java.util.List;

import org.springframework.data.redis.core.script.RedisScript;

/**
 * The Lua scripts of the delta layout. Each step is a hash {@code ...:app:<seq>} with the fields of
 * {@link DeltaStepHash}; a script that follows a chain reaches its step hashes by their prefix, which shares the
 * hash slot of its declared keys in the cluster-safe layout.
 */
final class DeltaScripts {

	/**
	 * Saves a step. KEYS: step hash, partition set, app's steps set, activity set, app's snapshots set. ARGV: TTL
	 * in milliseconds ({@code 0} for none), app id, sequence id, {@code 1} for a snapshot else {@code 0}, step key
	 * prefix, then the hash's field/value pairs. With a TTL, the stored steps of the chain the step rests on (from
	 * its snapshot on, as the steps set lists them) get it again, so that no step outlives what it needs to load. Returns 0 when the step is already stored (nothing is
	 * written), 1 otherwise.
	 */
	static final RedisScript<Long> SAVE = RedisScript.of("""
			if redis.call('EXISTS', KEYS[1]) == 1 then
				return 0
			end
			redis.call('HSET', KEYS[1], unpack(ARGV, 6))
			local seq = tonumber(ARGV[3])
			local current = redis.call('ZSCORE', KEYS[2], ARGV[2])
			if not current or tonumber(current) < seq then
				redis.call('ZADD', KEYS[2], ARGV[3], ARGV[2])
			end
			redis.call('ZADD', KEYS[3], ARGV[3], ARGV[3])
			if ARGV[4] == '1' then
				redis.call('ZADD', KEYS[5], ARGV[3], ARGV[3])
			end
			local now = redis.call('TIME')
			redis.call('ZADD', KEYS[4], now[1] .. string.format('%06d', tonumber(now[2])), ARGV[2])
			if ARGV[1] ~= '0' then
				for i = 1, 5 do
					redis.call('PEXPIRE', KEYS[i], ARGV[1])
				end
				if ARGV[4] ~= '1' then
					local start = redis.call('ZREVRANGEBYSCORE', KEYS[5], ARGV[3], '-inf', 'LIMIT', 0, 1)[1]
					if start then
						for _, earlier in ipairs(redis.call('ZRANGEBYSCORE', KEYS[3], start, '(' .. ARGV[3])) do
							redis.call('PEXPIRE', ARGV[5] .. earlier, ARGV[1])
						end
					end
				end
			end
			return 1
			""", Long.class);

	/**
	 * Reads the chain of one step. KEYS: partition set, app's snapshots set, app's steps set, then the app's other
	 * keys whose TTL a load refreshes. ARGV: app id, the sequence id or {@code ""} for the latest, step key prefix,
	 * TTL to give the chain and the keys again in milliseconds ({@code 0} for none). Returns nothing when the app
	 * has no latest step; else the sequence id asked for and that step's position, status and created_at
	 * ({@code ""} when missing), then for each step the steps set holds from the newest snapshot at or before it up
	 * to it: sequence id, snapshot flag and data (a step whose hash is gone is left out). Only the step asked for
	 * brings its metadata, which takes the script about half the time per step a full hash would. It reads only
	 * indexed steps, so a sequence id far beyond the stored ones costs nothing.
	 */
	@SuppressWarnings("rawtypes")
	static final RedisScript<List> LOAD = RedisScript.of("""
			local target = ARGV[2]
			if target == '' then
				target = redis.call('ZSCORE', KEYS[1], ARGV[1])
				if not target then
					return {}
				end
			end
			local start = redis.call('ZREVRANGEBYSCORE', KEYS[2], target, '-inf', 'LIMIT', 0, 1)[1] or target
			local head = redis.call('HMGET', ARGV[3] .. target, 'position', 'status', 'created_at')
			local reply = { target, head[1] or '', head[2] or '', head[3] or '' }
			for _, seq in ipairs(redis.call('ZRANGEBYSCORE', KEYS[3], start, target)) do
				local key = ARGV[3] .. seq
				local row = redis.call('HMGET', key, 'snapshot', 'data')
				if row[1] or row[2] then
					reply[#reply + 1] = seq
					reply[#reply + 1] = row[1] or ''
					reply[#reply + 1] = row[2] or ''
					if ARGV[4] ~= '0' then
						redis.call('PEXPIRE', key, ARGV[4])
					end
				end
			end
			if ARGV[4] ~= '0' and #reply > 4 then
				for i = 1, #KEYS do
					redis.call('PEXPIRE', KEYS[i], ARGV[4])
				end
			end
			return reply
			""", List.class);

	/**
	 * Rewrites a stored step as a snapshot of the same state. KEYS: step hash, app's snapshots set. ARGV: sequence
	 * id, the snapshot's data. Returns 0 when the step is not stored (nothing is written), 1 otherwise.
	 */
	static final RedisScript<Long> REWRITE_AS_SNAPSHOT = RedisScript.of("""
			if redis.call('EXISTS', KEYS[1]) == 0 then
				return 0
			end
			redis.call('HSET', KEYS[1], 'snapshot', '1', 'data', ARGV[2])
			redis.call('ZADD', KEYS[2], ARGV[1], ARGV[1])
			return 1
			""", Long.class);

	private DeltaScripts() {
	}

}
