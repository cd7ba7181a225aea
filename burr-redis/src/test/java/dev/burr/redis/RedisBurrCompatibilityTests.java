package dev.burr.redis;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.burr.core.State;
import dev.burr.persistence.PersistedState;
import dev.burr.persistence.Status;
import dev.burr.redis.test.TestRedis;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Python Burr's {@code RedisBasePersister} and this persister read each other's data: records are written and
 * read here with Burr's exact commands (reference section 2.5).
 */
class RedisBurrCompatibilityTests {

	private final RedisConnectionFactory connectionFactory = TestRedis.connectionFactory();

	private final String namespace = TestRedis.uniqueNamespace();

	private final String partitionKey = "user-" + UUID.randomUUID();

	@AfterEach
	void deleteKeys() {
		TestRedis.deleteKeysStartingWith(this.namespace + ":");
		TestRedis.deleteKeysStartingWith(this.partitionKey);
	}

	@Test
	void stepsWrittenByBurrLoadAndResumeAtTheRightAction() {
		burrSave(this.namespace, this.partitionKey, "chat", 0, "human_converse",
				"{\"chat_history\": [\"hi\"], \"__SEQUENCE_ID\": 0, \"__PRIOR_STEP\": \"human_converse\"}",
				"completed", "2024-08-27T18:58:33.909683+00:00");
		burrSave(this.namespace, this.partitionKey, "chat", 1, "ai_converse",
				"{\"chat_history\": [\"hi\", \"hello\"], \"__SEQUENCE_ID\": 1, \"__PRIOR_STEP\": \"ai_converse\"}",
				"failed", "2024-08-27T18:58:34+00:00");
		RedisStatePersister persister = RedisStatePersister.builder(this.connectionFactory)
			.namespace(this.namespace)
			.build();

		PersistedState latest = persister.load(this.partitionKey, "chat").orElseThrow();
		assertThat(latest.sequenceId()).isEqualTo(1);
		assertThat(latest.position()).isEqualTo("ai_converse");
		assertThat(latest.status()).isEqualTo(Status.FAILED);
		assertThat(latest.state().asMap()).containsEntry("chat_history", List.of("hi", "hello"))
			.containsEntry(State.PRIOR_STEP_KEY, "ai_converse")
			.containsEntry(State.SEQUENCE_ID_KEY, 1);
		assertThat(latest.createdAt()).isEqualTo(Instant.parse("2024-08-27T18:58:34Z"));
		PersistedState first = persister.load(this.partitionKey, "chat", 0L).orElseThrow();
		assertThat(first.position()).isEqualTo("human_converse");
		assertThat(first.status()).isEqualTo(Status.COMPLETED);
		assertThat(first.createdAt()).isEqualTo(Instant.parse("2024-08-27T18:58:33.909683Z"));
		assertThat(persister.listAppIds(this.partitionKey)).containsExactly("chat");
		assertThat(persister.history(this.partitionKey, "chat")).extracting(PersistedState::sequenceId)
			.containsExactly(1L);

		persister.save(this.partitionKey, "chat", 2, "ai_converse",
				latest.state().update("chat_history", List.of("hi", "hello", "again")), Status.COMPLETED);
		assertThat(command("ZSCORE", this.namespace + ":" + this.partitionKey, "chat")).isEqualTo(2.0);
	}

	@Test
	void burrsBareLayoutLoadsThroughAnEmptyNamespace() {
		burrSave("", this.partitionKey, "bare", 4, "count", "{\"count\": 4}", "completed",
				"2024-08-27T18:58:33.909683+00:00");
		RedisStatePersister persister = RedisStatePersister.builder(this.connectionFactory).namespace("").build();
		PersistedState loaded = persister.load(this.partitionKey, "bare").orElseThrow();
		assertThat(loaded.sequenceId()).isEqualTo(4);
		assertThat(loaded.state().asMap()).isEqualTo(Map.of("count", 4));
		assertThat(persister.deleteApp(this.partitionKey, "bare")).isEqualTo(1);
		assertThat(command("EXISTS", this.partitionKey + ":bare:4")).isEqualTo(false);
		assertThat(command("EXISTS", this.partitionKey)).isEqualTo(false);
	}

	@Test
	void whatWeWriteReadsBackWithBurrsCommands() {
		RedisStatePersister persister = RedisStatePersister.builder(this.connectionFactory)
			.namespace(this.namespace)
			.build();
		Instant before = Instant.now();
		persister.save(this.partitionKey, "app-1", 0, "start", State.of(Map.of("n", 0)), Status.COMPLETED);
		persister.save(this.partitionKey, "app-1", 1, "count", State.of(Map.of("n", 1)), Status.FAILED);
		persister.save(this.partitionKey, "app-2", 7, "count", State.of(Map.of("n", 7)), Status.COMPLETED);
		String partition = this.namespace + ":" + this.partitionKey;

		assertThat(command("ZSCORE", partition, "app-1")).isEqualTo(1.0);
		assertThat(command("ZREVRANGE", partition, "0", "-1")).isEqualTo(List.of("app-2", "app-1"));
		Map<String, String> hash = hgetall(partition + ":app-1:1");
		assertThat(hash).containsOnlyKeys("partition_key", "app_id", "sequence_id", "position", "state", "status",
				"created_at");
		assertThat(hash).containsEntry("partition_key", this.partitionKey)
			.containsEntry("app_id", "app-1")
			.containsEntry("sequence_id", "1")
			.containsEntry("position", "count")
			.containsEntry("state", "{\"n\":1}")
			.containsEntry("status", "failed");
		assertThat(hash.get("created_at")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}\\+00:00");
		assertThat(Instant.parse(hash.get("created_at").replace("+00:00", "Z")))
			.isBetween(before.minusSeconds(1), Instant.now().plusSeconds(1));
	}

	private void burrSave(String ns, String pk, String appId, long seq, String position, String state,
			String status, String createdAt) {
		String prefix = ns.isEmpty() ? "" : ns + ":";
		String key = prefix + pk + ":" + appId + ":" + seq;
		assertThat(command("EXISTS", key)).isEqualTo(false);
		command("HSET", key, "partition_key", pk, "app_id", appId, "sequence_id", Long.toString(seq), "position",
				position, "state", state, "status", status, "created_at", createdAt);
		command("ZADD", prefix + pk, Long.toString(seq), appId);
	}

	private Map<String, String> hgetall(String key) {
		@SuppressWarnings("unchecked")
		Map<String, String> hash = (Map<String, String>) command("HGETALL", key);
		return hash;
	}

	private Object command(String command, String... args) {
		byte[][] raw = new byte[args.length][];
		for (int i = 0; i < args.length; i++) {
			raw[i] = args[i].getBytes(StandardCharsets.UTF_8);
		}
		try (RedisConnection connection = this.connectionFactory.getConnection()) {
			return decode(connection.execute(command, raw));
		}
	}

	private static Object decode(Object reply) {
		if (reply instanceof byte[] bytes) {
			return new String(bytes, StandardCharsets.UTF_8);
		}
		if (reply instanceof List<?> list) {
			List<Object> decoded = new ArrayList<>();
			list.forEach(item -> decoded.add(decode(item)));
			return decoded;
		}
		if (reply instanceof Map<?, ?> map) {
			Map<Object, Object> decoded = new LinkedHashMap<>();
			map.forEach((field, value) -> decoded.put(decode(field), decode(value)));
			return decoded;
		}
		return reply;
	}

}
