package dev.burr.redis;

import dev.burr.persistence.StateLayout;
import dev.burr.persistence.StateStore;
import dev.burr.persistence.StateStoreContractTests;
import dev.burr.redis.test.TestRedis;
import org.junit.jupiter.api.AfterEach;

/** The persister contract in the delta layout's cluster-safe keys, in a namespace of its own per test. */
class RedisDeltaClusterLayoutTests extends StateStoreContractTests {

	private final String namespace = TestRedis.uniqueNamespace();

	@AfterEach
	void deleteNamespace() {
		TestRedis.deleteKeysStartingWith(this.namespace + ":");
	}

	@Override
	protected StateStore createUninitializedStore() {
		return RedisStatePersister.builder(TestRedis.connectionFactory())
			.namespace(this.namespace)
			.clusterSafe(true)
			.layout(StateLayout.DELTA)
			.snapshotEvery(3)
			.build();
	}

	@Override
	protected StateStore createSecondInstanceOnSameStorage() {
		return createUninitializedStore();
	}

	@Override
	protected boolean hasSchema() {
		return false;
	}

}
