package dev.burr.redis;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.burr.core.State;
import dev.burr.persistence.StateLayout;
import dev.burr.persistence.Status;
import dev.burr.redis.test.TestRedis;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The delta layout's keys never meet Burr's: persisters of both layouts, with and without a namespace, on one
 * Redis database (13, flushed before each test), saving adversarial ids (a partition key equal to the namespace,
 * ids spelled like the delta segment or like the index keys) each read only their own steps, and deleting
 * everything through the delta persisters leaves Burr's keys as they were.
 */
class RedisLayoutIsolationTests {

	private static final int DATABASE = 13;

	private static final String NAMESPACE = "burr";

	private static final List<String> PARTITION_KEYS = List.of("", NAMESPACE, "%delta", "burr:%delta", "pk");

	private static final List<String> APP_IDS = List.of("%delta", "app", "steps", "snapshots", "activity", "0");

	private final RedisConnectionFactory connectionFactory = TestRedis.connectionFactory(DATABASE);

	private final StringRedisTemplate redis = new StringRedisTemplate(this.connectionFactory);

	@BeforeEach
	void flushDatabase() {
		try (RedisConnection connection = this.connectionFactory.getConnection()) {
			connection.serverCommands().flushDb();
		}
	}

	@Test
	void deltaKeysNeverMeetBurrKeysWithOrWithoutANamespace() {
		Map<String, RedisStatePersister> burr = new LinkedHashMap<>();
		burr.put("burr bare", persister("", StateLayout.BURR));
		burr.put("burr namespaced", persister(NAMESPACE, StateLayout.BURR));
		Map<String, RedisStatePersister> delta = new LinkedHashMap<>();
		delta.put("delta bare", persister("", StateLayout.DELTA));
		delta.put("delta namespaced", persister(NAMESPACE, StateLayout.DELTA));
		burr.forEach((name, persister) -> saveEverywhere(name, persister));
		Set<String> burrKeys = Set.copyOf(this.redis.keys("*"));
		Map<String, Object> burrLoads = loads(burr);
		delta.forEach((name, persister) -> saveEverywhere(name, persister));
		Set<String> allKeys = Set.copyOf(this.redis.keys("*"));
		assertThat(allKeys).containsAll(burrKeys);
		assertThat(allKeys.stream().filter((key) -> !burrKeys.contains(key)))
			.allSatisfy((key) -> assertThat(key).matches("(burr:)?%delta:.*"));
		assertThat(loads(burr)).isEqualTo(burrLoads);
		delta.forEach((name, persister) -> {
			for (String pk : PARTITION_KEYS) {
				assertThat(persister.listAppIds(pk)).as(name + " " + pk).containsExactlyInAnyOrderElementsOf(APP_IDS);
				for (String app : APP_IDS) {
					assertThat(persister.load(pk, app).orElseThrow().state().get("writer")).isEqualTo(name);
					assertThat(persister.history(pk, app)).hasSize(2);
				}
			}
		});
		delta.values().forEach((persister) -> PARTITION_KEYS
			.forEach((pk) -> APP_IDS.forEach((app) -> assertThat(persister.deleteApp(pk, app)).isEqualTo(2))));
		assertThat(loads(burr)).isEqualTo(burrLoads);
		assertThat(Set.copyOf(this.redis.keys("*"))).isEqualTo(burrKeys);
	}

	private RedisStatePersister persister(String namespace, StateLayout layout) {
		return RedisStatePersister.builder(this.connectionFactory).namespace(namespace).layout(layout).build();
	}

	private static void saveEverywhere(String name, RedisStatePersister persister) {
		for (String pk : PARTITION_KEYS) {
			for (String app : APP_IDS) {
				State state = State.of(Map.of("writer", name, "where", pk + "/" + app));
				persister.save(pk, app, 0, "first", state, Status.COMPLETED);
				persister.save(pk, app, 1, "second", state, Status.COMPLETED);
			}
		}
	}

	private static Map<String, Object> loads(Map<String, RedisStatePersister> persisters) {
		Map<String, Object> loads = new LinkedHashMap<>();
		persisters.forEach((name, persister) -> {
			for (String pk : PARTITION_KEYS) {
				loads.put(name + " " + pk + " apps", Set.copyOf(persister.listAppIds(pk)));
				for (String app : APP_IDS) {
					loads.put(name + " " + pk + "/" + app,
							persister.load(pk, app).map((step) -> step.state().asMap()).orElse(Map.of()));
				}
			}
		});
		return loads;
	}

}
