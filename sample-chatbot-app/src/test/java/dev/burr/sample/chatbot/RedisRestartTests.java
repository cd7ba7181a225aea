package dev.burr.sample.chatbot;

import java.nio.file.Path;
import java.util.Map;

import dev.burr.redis.test.TestRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * The restart demo with the {@code redis} profile: Burr's steps in Redis ({@code BURR_TEST_REDIS_URL}, else
 * Testcontainers, else a failure saying how to provide one) under a namespace of this run; the conversations'
 * titles in an SQLite file.
 */
class RedisRestartTests extends RestartContractTests {

	private static final String NAMESPACE = TestRedis.uniqueNamespace();

	@TempDir
	Path dataDir;

	@AfterAll
	static void deleteKeys() {
		try (org.springframework.data.redis.connection.RedisConnection connection = TestRedis.connectionFactory()
			.getConnection()) {
			java.util.List<byte[]> keys = new java.util.ArrayList<>();
			try (org.springframework.data.redis.core.Cursor<byte[]> cursor = connection.keyCommands()
				.scan(org.springframework.data.redis.core.ScanOptions.scanOptions().match(NAMESPACE + ":*").build())) {
				cursor.forEachRemaining(keys::add);
			}
			if (!keys.isEmpty()) {
				connection.keyCommands().del(keys.toArray(byte[][]::new));
			}
		}
	}

	@Override
	protected Map<String, Object> properties() {
		return Map.of("spring.profiles.active", "redis", "spring.data.redis.url", TestRedis.uri().toString(),
				"burr.persistence.redis.namespace", NAMESPACE, "chatbot.data-dir", this.dataDir.toString());
	}

}
