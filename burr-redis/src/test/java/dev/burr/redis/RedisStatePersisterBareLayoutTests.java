package dev.burr.redis;

import dev.burr.persistence.StateStore;
import dev.burr.persistence.StateStoreContractTests;
import dev.burr.redis.test.TestRedis;
import org.junit.jupiter.api.BeforeEach;

import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;

/** The persister contract in Burr's bare layout (empty namespace), on database 15, flushed before each test. */
class RedisStatePersisterBareLayoutTests extends StateStoreContractTests {

	private static final int DATABASE = 15;

	private final RedisConnectionFactory connectionFactory = TestRedis.connectionFactory(DATABASE);

	@BeforeEach
	void flushDatabase() {
		try (RedisConnection connection = this.connectionFactory.getConnection()) {
			connection.serverCommands().flushDb();
		}
	}

	@Override
	protected StateStore createUninitializedStore() {
		return RedisStatePersister.builder(this.connectionFactory).namespace("").build();
	}

	@Override
	protected StateStore createSecondInstanceOnSameStorage() {
		return RedisStatePersister.builder(this.connectionFactory).namespace("").build();
	}

	@Override
	protected boolean hasSchema() {
		return false;
	}

}
