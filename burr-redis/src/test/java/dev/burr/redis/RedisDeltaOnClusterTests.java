package dev.burr.redis;

import dev.burr.persistence.StateLayout;
import dev.burr.persistence.StateStore;
import dev.burr.persistence.StateStoreContractTests;
import dev.burr.redis.test.TestRedis;
import org.junit.jupiter.api.AfterEach;

/**
 * The persister contract (save, conflicts, load latest and exact, listing, history, delete, prune) in the delta
 * layout's cluster-safe keys on a real Redis Cluster of three masters, through Spring Data Redis's cluster
 * connection: the scripts that follow a chain reach only keys of the declared keys' slot.
 */
class RedisDeltaOnClusterTests extends StateStoreContractTests {

	private final String namespace = TestRedis.uniqueNamespace();

	@AfterEach
	void deleteNamespace() {
		TestRedis.deleteClusterKeysStartingWith(this.namespace + ":");
	}

	@Override
	protected StateStore createUninitializedStore() {
		return RedisStatePersister.builder(TestRedis.clusterConnectionFactory())
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
