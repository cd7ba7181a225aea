package dev.burr.redis.test;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.Cursor;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * The Redis that tests run against, found as DESIGN.md section 7 says: the URL in {@code BURR_TEST_REDIS_URL}
 * ({@code redis://host:port}), else a Testcontainers {@code redis} container when a Docker engine answers,
 * else a failure saying how to provide one. Connection factories are shared and live as long as the JVM.
 */
public final class TestRedis {

	/** Environment variable holding the URL of a Redis that tests may write to. */
	public static final String URL_VARIABLE = "BURR_TEST_REDIS_URL";

	private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(10);

	private static final Map<Integer, LettuceConnectionFactory> FACTORIES = new ConcurrentHashMap<>();

	private static volatile URI uri;

	private TestRedis() {
	}

	/** {@code redis://host:port} of the Redis to test against, starting a container the first time if needed. */
	public static synchronized URI uri() {
		if (uri == null) {
			uri = locate();
		}
		return uri;
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
		String pattern = prefix.replaceAll("([*?\\[\\]\\\\])", "\\\\$1") + "*";
		List<String> found = new ArrayList<>();
		try (Cursor<String> cursor = redis.scan(ScanOptions.scanOptions().match(pattern).count(1000).build())) {
			cursor.forEachRemaining(found::add);
		}
		return found.isEmpty() ? 0 : redis.delete(found);
	}

	private static URI locate() {
		String url = System.getenv(URL_VARIABLE);
		if (url != null && !url.isBlank()) {
			URI located = URI.create(url.trim());
			if (located.getHost() == null || located.getPort() < 0) {
				throw new IllegalStateException(URL_VARIABLE + " must look like redis://127.0.0.1:6379, but was " + url);
			}
			return located;
		}
		if (dockerAnswers()) {
			GenericContainer<?> container = new GenericContainer<>("redis:7-alpine").withExposedPorts(6379);
			container.start();
			return URI.create("redis://" + container.getHost() + ":" + container.getMappedPort(6379));
		}
		throw new IllegalStateException("No Redis to test against: set " + URL_VARIABLE
				+ "=redis://127.0.0.1:6379 to a Redis whose databases 0, 14 and 15 tests may write to, or start a"
				+ " Docker engine so that Testcontainers can run one");
	}

	private static boolean dockerAnswers() {
		try {
			return DockerClientFactory.instance().isDockerAvailable();
		}
		catch (RuntimeException ex) {
			return false;
		}
	}

}
