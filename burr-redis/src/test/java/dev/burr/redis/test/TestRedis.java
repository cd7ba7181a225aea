package dev.burr.redis.test;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import dev.burr.testing.services.TestServices;
import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.connection.RedisClusterConfiguration;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.Cursor;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * The Redis and the Redis Cluster that tests run against, as {@link TestServices} finds them (a URL from the
 * environment, else Testcontainers for the standalone one, else embedded binaries, else a failure saying how to
 * provide one). Connection factories are shared and live as long as the JVM.
 */
public final class TestRedis {

	/** Environment variable holding the URL of a Redis that tests may write to. */
	public static final String URL_VARIABLE = TestServices.REDIS_URL;

	private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(10);

	private static final Map<Integer, LettuceConnectionFactory> FACTORIES = new ConcurrentHashMap<>();

	private static volatile @Nullable LettuceConnectionFactory cluster;

	private TestRedis() {
	}

	/** {@code redis://host:port} of the Redis to test against, starting one the first time if needed. */
	public static URI uri() {
		return TestServices.redis().uri();
	}

	/**
	 * A started connection factory on the Redis Cluster (three masters unless the environment names others),
	 * through Spring Data Redis's cluster support; shared, do not destroy it.
	 */
	public static synchronized LettuceConnectionFactory clusterConnectionFactory() {
		if (cluster == null) {
			RedisClusterConfiguration nodes = new RedisClusterConfiguration(TestServices.redisCluster().hostAndPorts());
			LettuceClientConfiguration client = LettuceClientConfiguration.builder()
				.commandTimeout(COMMAND_TIMEOUT)
				.build();
			LettuceConnectionFactory factory = new LettuceConnectionFactory(nodes, client);
			factory.afterPropertiesSet();
			factory.start();
			cluster = factory;
		}
		return cluster;
	}

	/** A started connection factory on database 0; shared, do not destroy it. */
	public static LettuceConnectionFactory connectionFactory() {
		return connectionFactory(0);
	}

	/**
	 * A started connection factory on one database index; shared, do not destroy it. Tests that cannot use a
	 * unique namespace (Burr's bare layout) take a database index of their own and flush it.
	 */
	public static LettuceConnectionFactory connectionFactory(int database) {
		return FACTORIES.computeIfAbsent(database,
				db -> newConnectionFactory(uri().getHost(), uri().getPort(), db, COMMAND_TIMEOUT));
	}

	/** A new started connection factory the caller owns and destroys. */
	public static LettuceConnectionFactory newConnectionFactory(String host, int port, int database,
			Duration commandTimeout) {
		RedisStandaloneConfiguration server = new RedisStandaloneConfiguration(host, port);
		server.setDatabase(database);
		LettuceClientConfiguration client = LettuceClientConfiguration.builder().commandTimeout(commandTimeout).build();
		LettuceConnectionFactory factory = new LettuceConnectionFactory(server, client);
		factory.afterPropertiesSet();
		factory.start();
		return factory;
	}

	/** A namespace no other test uses. */
	public static String uniqueNamespace() {
		return "burr-test-" + UUID.randomUUID().toString().substring(0, 8);
	}

	/**
	 * Deletes the keys of database 0 that start with {@code prefix} (a unique namespace plus {@code ":"}, say),
	 * using {@code SCAN}; glob characters in the prefix are matched literally.
	 */
	public static long deleteKeysStartingWith(String prefix) {
		StringRedisTemplate redis = new StringRedisTemplate(connectionFactory());
		String pattern = globMatchingPrefix(prefix);
		List<String> found = new ArrayList<>();
		try (Cursor<String> cursor = redis.scan(ScanOptions.scanOptions().match(pattern).count(1000).build())) {
			cursor.forEachRemaining(found::add);
		}
		return found.isEmpty() ? 0 : redis.delete(found);
	}

	/** Deletes the keys of the Redis Cluster that start with {@code prefix}, on every master. */
	public static long deleteClusterKeysStartingWith(String prefix) {
		StringRedisTemplate redis = new StringRedisTemplate(clusterConnectionFactory());
		Set<String> found = redis.keys(globMatchingPrefix(prefix));
		long deleted = 0;
		for (String key : found) {
			deleted += Boolean.TRUE.equals(redis.delete(key)) ? 1 : 0;
		}
		return deleted;
	}

	private static String globMatchingPrefix(String prefix) {
		return prefix.replaceAll("([*?\\[\\]\\\\])", "\\\\$1") + "*";
	}

}
