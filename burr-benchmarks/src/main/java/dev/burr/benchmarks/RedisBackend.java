package dev.burr.benchmarks;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import dev.burr.persistence.StatePersister;
import dev.burr.persistence.write.WriteBehindSettings;
import dev.burr.redis.RedisStatePersister;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.LettuceFutures;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * Redis. Ours is {@link RedisStatePersister} on a {@link LettuceConnectionFactory} (Spring's default: one shared,
 * multiplexed connection); raw is Lettuce's synchronous API on one shared connection writing Burr's hash with
 * {@code HSET} and raising the partition set with {@code ZADD}: two round trips, as Python Burr does.
 */
final class RedisBackend implements Backend {

	private static final DateTimeFormatter CREATED_AT = DateTimeFormatter
		.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSxxx");

	private final String prefix;

	private final String oursNamespace;

	private final String rawNamespace;

	private final LettuceConnectionFactory factory;

	private final RedisStatePersister ours;

	private final RedisClient client;

	private final StatefulRedisConnection<String, String> connection;

	RedisBackend(String url, String runId) {
		RedisURI uri = RedisURI.create(url);
		this.prefix = "burrbench-" + runId;
		this.oursNamespace = this.prefix + "-ours";
		this.rawNamespace = this.prefix + "-raw";
		this.client = RedisClient.create(uri);
		this.connection = this.client.connect();
		this.factory = connectionFactory(uri);
		this.ours = RedisStatePersister.builder(this.factory).namespace(this.oursNamespace).build();
		this.ours.initialize();
	}

	/** A started Spring connection factory for {@code uri} (host, port, database and credentials). */
	static LettuceConnectionFactory connectionFactory(RedisURI uri) {
		RedisStandaloneConfiguration configuration = new RedisStandaloneConfiguration(uri.getHost(), uri.getPort());
		configuration.setDatabase(uri.getDatabase());
		if (uri.getPassword() != null) {
			configuration.setPassword(uri.getPassword());
		}
		if (uri.getUsername() != null) {
			configuration.setUsername(uri.getUsername());
		}
		LettuceConnectionFactory factory = new LettuceConnectionFactory(configuration);
		factory.afterPropertiesSet();
		factory.start();
		return factory;
	}

	/** Hands each non-empty page of the keys matching {@code pattern} to {@code keys}, with {@code SCAN}. */
	static void forEachKeyPage(RedisCommands<String, String> redis, String pattern, Consumer<List<String>> keys) {
		ScanCursor cursor = ScanCursor.INITIAL;
		do {
			KeyScanCursor<String> page = redis.scan(cursor, ScanArgs.Builder.matches(pattern).limit(1000));
			if (!page.getKeys().isEmpty()) {
				keys.accept(page.getKeys());
			}
			cursor = page;
		}
		while (!cursor.isFinished());
	}

	@Override
	public String name() {
		return "redis";
	}

	@Override
	public StatePersister ours() {
		return this.ours;
	}

	@Override
	public StatePersister durable(int groupCommitLimit, WriteBehindSettings writeBehind) {
		return RedisStatePersister.builder(this.factory)
			.namespace(this.oursNamespace)
			.groupCommitLimit(groupCommitLimit)
			.writeBehind(writeBehind)
			.build();
	}

	private static Map<String, String> hash(String pk, String appId, long seq, String position, String json) {
		Map<String, String> fields = new LinkedHashMap<>();
		fields.put("partition_key", pk);
		fields.put("app_id", appId);
		fields.put("sequence_id", Long.toString(seq));
		fields.put("position", position);
		fields.put("state", json);
		fields.put("status", "completed");
		fields.put("created_at",
				CREATED_AT.format(Instant.now().truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC)));
		return fields;
	}

	@Override
	public RawWriter rawWriter(boolean dedicated) {
		RedisCommands<String, String> redis = this.connection.sync();
		return (pk, appId, seq, position, json) -> {
			String partition = this.rawNamespace + ":" + pk;
			redis.hset(partition + ":" + appId + ":" + seq, hash(pk, appId, seq, position, json));
			redis.zadd(partition, seq, appId);
		};
	}

	@Override
	public RawReader rawReader() {
		RedisCommands<String, String> redis = this.connection.sync();
		return (pk, appId) -> {
			String partition = this.oursNamespace + ":" + pk;
			Double score = redis.zscore(partition, appId);
			if (score == null) {
				throw new IllegalStateException("no step of " + pk + "/" + appId);
			}
			Map<String, String> step = redis.hgetall(partition + ":" + appId + ":" + score.longValue());
			return step.get("state");
		};
	}

	@Override
	public void populate(List<Row> rows) {
		try (StatefulRedisConnection<String, String> pipe = this.client.connect()) {
			pipe.setAutoFlushCommands(false);
			RedisAsyncCommands<String, String> redis = pipe.async();
			List<RedisFuture<?>> futures = new ArrayList<>();
			for (Row row : rows) {
				String partition = this.oursNamespace + ":" + row.partitionKey();
				futures.add(redis.hset(partition + ":" + row.appId() + ":" + row.sequenceId(), hash(row.partitionKey(),
						row.appId(), row.sequenceId(), row.position(), row.json())));
				futures.add(redis.zadd(partition, row.sequenceId(), row.appId()));
				if (futures.size() >= 2_000) {
					pipe.flushCommands();
					LettuceFutures.awaitAll(60, TimeUnit.SECONDS, futures.toArray(new RedisFuture[0]));
					futures.clear();
				}
			}
			pipe.flushCommands();
			LettuceFutures.awaitAll(60, TimeUnit.SECONDS, futures.toArray(new RedisFuture[0]));
		}
	}

	@Override
	public String rawDescription() {
		return "Lettuce sync HSET (Burr's 7 fields, same JSON) + ZADD on one shared connection";
	}

	@Override
	public void close() {
		try {
			RedisCommands<String, String> redis = this.connection.sync();
			forEachKeyPage(redis, this.prefix + "*", (keys) -> redis.unlink(keys.toArray(new String[0])));
		}
		finally {
			this.factory.destroy();
			this.connection.close();
			this.client.shutdown();
		}
	}

}
