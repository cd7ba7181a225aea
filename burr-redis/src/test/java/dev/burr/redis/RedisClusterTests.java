package dev.burr.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.burr.core.State;
import dev.burr.persistence.StateConflictException;
import dev.burr.persistence.Status;
import dev.burr.redis.test.TestRedis;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.SlotHash;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.RedisClusterConnection;
import org.springframework.data.redis.connection.RedisClusterNode;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.RedisSentinelConnection;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * What the contract does not cover on a real Redis Cluster: a partition's keys share one slot and live on the
 * node that owns it, conflicts under concurrent writers, TTLs, and the refusal of Burr's cross-slot layout.
 */
class RedisClusterTests {

	private final String namespace = TestRedis.uniqueNamespace();

	private final StringRedisTemplate redis = new StringRedisTemplate(TestRedis.clusterConnectionFactory());

	private final RedisStatePersister persister = RedisStatePersister.builder(TestRedis.clusterConnectionFactory())
		.namespace(this.namespace)
		.clusterSafe(true)
		.build();

	@AfterEach
	void deleteNamespace() {
		TestRedis.deleteClusterKeysStartingWith(this.namespace + ":");
	}

	@Test
	void aPartitionsKeysShareOneSlotAndAreReadBackFromTheNodeThatOwnsIt() {
		for (String pk : List.of("pk-1", "pk-2", "pk-3", "pk-4", "pk-5", "pk-6")) {
			this.persister.save(pk, "app-a", 0, "p", State.of(Map.of("n", 0)), Status.COMPLETED);
			this.persister.save(pk, "app-a", 1, "p", State.of(Map.of("n", 1)), Status.COMPLETED);
			this.persister.save(pk, "app-b", 0, "p", State.of(Map.of("n", 0)), Status.COMPLETED);
		}
		Set<Integer> slotsOfAllPartitions = new java.util.HashSet<>();
		Set<String> ownersOfAllPartitions = new java.util.HashSet<>();
		RedisKeys keys = new RedisKeys(this.namespace, true);
		for (String pk : List.of("pk-1", "pk-2", "pk-3", "pk-4", "pk-5", "pk-6")) {
			List<String> partitionKeys = List.of(keys.partition(pk), keys.activity(pk), keys.step(pk, "app-a", 0),
					keys.step(pk, "app-a", 1), keys.steps(pk, "app-a"), keys.step(pk, "app-b", 0),
					keys.steps(pk, "app-b"));
			assertThat(this.redis.keys(this.namespace + ":{pk=" + pk + "}*")).containsExactlyInAnyOrderElementsOf(
					partitionKeys);
			Set<Integer> slots = new java.util.HashSet<>();
			partitionKeys.forEach(key -> slots.add(SlotHash.getSlot(key)));
			assertThat(slots).as("slots of partition %s", pk).hasSize(1);
			int slot = slots.iterator().next();
			slotsOfAllPartitions.add(slot);
			RedisClusterNode owner = ownerOf(slot);
			ownersOfAllPartitions.add(owner.getHost() + ":" + owner.getPort());
			try (NodeConnection node = new NodeConnection(owner)) {
				for (String key : partitionKeys) {
					assertThat(node.commands().exists(key)).as("%s on its owner %s", key, owner).isEqualTo(1L);
				}
				assertThat(node.commands().hget(keys.step(pk, "app-a", 1), "state")).isEqualTo("{\"n\":1}");
			}
			RedisClusterNode other = anotherMaster(owner);
			try (NodeConnection node = new NodeConnection(other)) {
				org.assertj.core.api.Assertions.assertThatExceptionOfType(RedisCommandExecutionException.class)
					.isThrownBy(() -> node.commands().exists(keys.step(pk, "app-a", 1)))
					.withMessageStartingWith("MOVED " + slot);
			}
			assertThat(this.persister.load(pk, "app-a").orElseThrow().sequenceId()).isEqualTo(1L);
		}
		assertThat(slotsOfAllPartitions).hasSize(6);
		assertThat(ownersOfAllPartitions).as("partitions spread over the masters").hasSizeGreaterThan(1);
	}

	@Test
	void eightConcurrentSavesOfOneStepGiveOneSuccessAndSevenConflicts() throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(8);
		CountDownLatch start = new CountDownLatch(1);
		List<Future<String>> outcomes = new ArrayList<>();
		try {
			for (int i = 0; i < 8; i++) {
				String position = "writer" + i;
				outcomes.add(pool.submit(() -> {
					start.await();
					try {
						this.persister.save("pk", "race", 0, position, State.of(Map.of("w", position)),
								Status.COMPLETED);
						return position;
					}
					catch (StateConflictException ex) {
						return "conflict";
					}
				}));
			}
			start.countDown();
			List<String> results = new ArrayList<>();
			for (Future<String> outcome : outcomes) {
				results.add(outcome.get(30, TimeUnit.SECONDS));
			}
			assertThat(results).filteredOn("conflict"::equals).hasSize(7);
			String winner = results.stream().filter(r -> !r.equals("conflict")).findFirst().orElseThrow();
			assertThat(this.persister.load("pk", "race").orElseThrow().position()).isEqualTo(winner);
			assertThat(this.persister.history("pk", "race")).hasSize(1);
		}
		finally {
			pool.shutdownNow();
		}
	}

	@Test
	void withATtlEveryKeyOfTheAppExpires() throws InterruptedException {
		RedisStatePersister expiring = RedisStatePersister.builder(TestRedis.clusterConnectionFactory())
			.namespace(this.namespace)
			.clusterSafe(true)
			.ttl(Duration.ofMillis(1000))
			.build();
		expiring.save("pk", "app", 0, "p", State.of(Map.of("k", 1)), Status.COMPLETED);
		RedisKeys keys = new RedisKeys(this.namespace, true);
		List<String> all = List.of(keys.step("pk", "app", 0), keys.partition("pk"), keys.steps("pk", "app"),
				keys.activity("pk"));
		for (String key : all) {
			assertThat(this.redis.getExpire(key, TimeUnit.MILLISECONDS)).as(key).isBetween(1L, 1000L);
		}
		assertThat(expiring.load("pk", "app")).isPresent();
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (all.stream().anyMatch(key -> Boolean.TRUE.equals(this.redis.hasKey(key)))) {
			assertThat(System.nanoTime()).as("keys expired within 10 s").isLessThan(deadline);
			Thread.sleep(50);
		}
		assertThat(expiring.load("pk", "app")).isEmpty();
		assertThat(expiring.listAppIds("pk")).isEmpty();
	}

	@Test
	void burrsLayoutOnAClusterIsRefusedWhenThePersisterIsBuilt() {
		assertThatIllegalStateException()
			.isThrownBy(() -> RedisStatePersister.builder(TestRedis.clusterConnectionFactory())
				.namespace(this.namespace)
				.build())
			.withMessageContaining("connects to a Redis Cluster")
			.withMessageContaining("clusterSafe(true)")
			.withMessageContaining("burr.persistence.redis.cluster-safe=true");
	}

	@Test
	void anotherConnectionFactoryOnAClusterIsRefusedOnTheFirstOperationAndStoresNothing() {
		RedisConnectionFactory wrapped = new DelegatingConnectionFactory(TestRedis.clusterConnectionFactory());
		RedisStatePersister unsafe = RedisStatePersister.builder(wrapped).namespace(this.namespace).build();
		for (int attempt = 0; attempt < 2; attempt++) {
			assertThatIllegalStateException()
				.isThrownBy(() -> unsafe.save("pk", "app", 0, "p", State.empty(), Status.COMPLETED))
				.withMessageContaining("connects to a Redis Cluster");
		}
		assertThat(this.redis.keys(this.namespace + ":*")).isEmpty();
		RedisStatePersister safe = RedisStatePersister.builder(wrapped)
			.namespace(this.namespace)
			.clusterSafe(true)
			.build();
		safe.save("pk", "app", 0, "p", State.empty(), Status.COMPLETED);
		assertThat(safe.load("pk", "app")).isPresent();
	}

	private RedisClusterNode ownerOf(int slot) {
		try (RedisClusterConnection connection = TestRedis.clusterConnectionFactory().getClusterConnection()) {
			return connection.clusterGetNodeForSlot(slot);
		}
	}

	private RedisClusterNode anotherMaster(RedisClusterNode owner) {
		try (RedisClusterConnection connection = TestRedis.clusterConnectionFactory().getClusterConnection()) {
			for (RedisClusterNode node : connection.clusterGetNodes()) {
				if (node.isMaster() && !node.getId().equals(owner.getId())) {
					return node;
				}
			}
		}
		throw new IllegalStateException("The cluster has one master only");
	}

	/** A plain connection to one cluster node, which answers {@code MOVED} for keys of slots it does not own. */
	private static final class NodeConnection implements AutoCloseable {

		private final RedisClient client;

		private final StatefulRedisConnection<String, String> connection;

		NodeConnection(RedisClusterNode node) {
			this.client = RedisClient.create(RedisURI.create(node.getHost(), node.getPort()));
			this.connection = this.client.connect();
		}

		io.lettuce.core.api.sync.RedisCommands<String, String> commands() {
			return this.connection.sync();
		}

		@Override
		public void close() {
			this.connection.close();
			this.client.shutdown();
		}

	}

	/** A connection factory of the user's own, over the cluster: the persister cannot tell it is one until used. */
	private record DelegatingConnectionFactory(RedisConnectionFactory delegate) implements RedisConnectionFactory {

		@Override
		public RedisConnection getConnection() {
			return this.delegate.getConnection();
		}

		@Override
		public RedisClusterConnection getClusterConnection() {
			return this.delegate.getClusterConnection();
		}

		@Override
		public boolean getConvertPipelineAndTxResults() {
			return this.delegate.getConvertPipelineAndTxResults();
		}

		@Override
		public RedisSentinelConnection getSentinelConnection() {
			return this.delegate.getSentinelConnection();
		}

		@Override
		public org.springframework.dao.DataAccessException translateExceptionIfPossible(RuntimeException ex) {
			return this.delegate.translateExceptionIfPossible(ex);
		}

	}

}
