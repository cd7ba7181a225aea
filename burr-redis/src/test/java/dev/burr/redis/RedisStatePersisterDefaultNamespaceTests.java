package dev.burr.redis;

import dev.burr.persistence.StateStore;
import dev.burr.persistence.StateStoreContractTests;
import dev.burr.redis.test.TestRedis;
import org.junit.jupiter.api.BeforeEach;

import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;

/** The persister contract with the default namespace {@code burr}, on database 14, flushed before each test. */
class RedisStatePersisterDefaultNamespaceTests extends StateStoreContractTests {

	private static final int DATABASE = 14;

	private final RedisConnectionFactory connectionFactory = TestRedis.connectionFactory(DATABASE);

	@BeforeEach
	void flushDatabase() {
		try (RedisConnection connection = this.connectionFactory.getConnection()) {
			connection.serverCommands().flushDb();
		}
	}

	@Override
	protected StateStore createUninitializedStore() {
		return RedisStatePersister.builder(this.connectionFactory).build();
	}

	@Override
	protected StateStore createSecondInstanceOnSameStorage() {
		return RedisStatePersister.builder(this.connectionFactory).build();
	}

	@Override
	protected boolean hasSchema() {
		return false;
	}

}
