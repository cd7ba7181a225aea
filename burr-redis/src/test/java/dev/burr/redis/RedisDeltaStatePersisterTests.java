package dev.burr.redis;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.burr.core.State;
import dev.burr.persistence.BurrPersistenceException;
import dev.burr.persistence.ChatConversation;
import dev.burr.persistence.PersistedState;
import dev.burr.persistence.StateChange;
import dev.burr.persistence.StateLayout;
import dev.burr.persistence.StateStore;
import dev.burr.persistence.StateStoreContractTests;
import dev.burr.persistence.StateStores;
import dev.burr.persistence.Status;
import dev.burr.redis.test.TestRedis;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The persister contract in the delta layout, plus what that layout promises on Redis: steps are stored as
 * deltas between snapshots, every step loads as Burr's layout returns it, a broken chain fails naming the keys,
 * app and sequence id, pruning keeps every kept step loadable, and a TTL covers a step's whole chain.
 */
class RedisDeltaStatePersisterTests extends StateStoreContractTests {

	/** A 2,000-character system prompt first, so that a step's delta is well below the snapshot. */
	private static final State START = State.of(Map.of("system", "y".repeat(2000), "chat", List.of(), "turns", 0));

	private final String namespace = TestRedis.uniqueNamespace();

	private final StringRedisTemplate redis = new StringRedisTemplate(TestRedis.connectionFactory());

	@AfterEach
	void deleteNamespace() {
		TestRedis.deleteKeysStartingWith(this.namespace + ":");
	}

	@Override
	protected StateStore createUninitializedStore() {
		return delta().build();
	}

	@Override
	protected StateStore createSecondInstanceOnSameStorage() {
		return createUninitializedStore();
	}

	@Override
	protected boolean hasSchema() {
		return false;
	}

	private RedisStatePersister.Builder delta() {
		return RedisStatePersister.builder(TestRedis.connectionFactory())
			.namespace(this.namespace)
			.layout(StateLayout.DELTA)
			.snapshotEvery(3);
	}

	private String stepKey(String app, long seq) {
		return this.namespace + ":%delta:pk:" + app + ":" + seq;
	}

	@Test
	void aConversationStoresDeltasBetweenSnapshotsAndEveryStepLoadsAsInBurrsLayout() {
		RedisStatePersister burr = RedisStatePersister.builder(TestRedis.connectionFactory())
			.namespace(this.namespace)
			.build();
		List<State> states = conversation(this.store, burr, 20);
		StringBuilder kinds = new StringBuilder();
		for (long seq = 0; seq < 20; seq++) {
			kinds.append("1".equals(this.redis.opsForHash().get(stepKey("chat", seq), "snapshot")) ? "S" : "d");
		}
		assertThat(kinds.toString()).startsWith("S").doesNotContain("ddd").contains("d");
		for (long seq = 0; seq < 20; seq++) {
			PersistedState delta = this.store.load("pk", "chat", seq).orElseThrow();
			PersistedState whole = burr.load("pk", "chat", seq).orElseThrow();
			assertThat(delta.state().asMap()).isEqualTo(whole.state().asMap()).isEqualTo(states.get((int) seq).asMap());
			assertThat(delta.position()).isEqualTo(whole.position());
			assertThat(delta.status()).isEqualTo(whole.status());
			assertThat(delta.sequenceId()).isEqualTo(seq);
		}
		assertThat(this.store.history("pk", "chat")).extracting((step) -> step.state().asMap())
			.containsExactlyElementsOf(states.stream().map(State::asMap).toList());
		assertThat(this.store.load("pk", "chat").orElseThrow().sequenceId()).isEqualTo(19);
		assertThat(this.store.listAppIds("pk")).containsExactly("chat");
		assertThat(this.redis.hasKey(this.namespace + ":pk:chat:0")).as("Burr's own key is Burr's persister's")
			.isTrue();
	}

	@Test
	void aChainMissingAStepFailsTheLoadNamingTheKeysAppAndSequenceIds() {
		conversation(this.store, null, 3);
		assertThat(this.redis.opsForHash().get(stepKey("chat", 1), "snapshot")).isEqualTo("0");
		this.redis.delete(stepKey("chat", 1));
		assertThatThrownBy(() -> this.store.load("pk", "chat")).isInstanceOf(BurrPersistenceException.class)
			.hasMessageContaining("step 2")
			.hasMessageContaining("app 'chat'")
			.hasMessageContaining(this.namespace + ":%delta:pk:chat:")
			.hasMessageContaining("missing step 1");
		assertThatThrownBy(() -> this.store.history("pk", "chat")).isInstanceOf(BurrPersistenceException.class)
			.hasMessageContaining("missing step 1");
	}

	@Test
	void aStepThatDoesNotParseFailsTheLoadNamingTheKeyAndSequenceId() {
		conversation(this.store, null, 2);
		this.redis.opsForHash().put(stepKey("chat", 1), "data", "{not json");
		assertThatThrownBy(() -> this.store.load("pk", "chat", 1L)).isInstanceOf(BurrPersistenceException.class)
			.hasMessageContaining("step 1")
			.hasMessageContaining("app 'chat'")
			.hasMessageContaining(this.namespace + ":%delta:pk:chat:");
		this.redis.opsForHash().put(stepKey("chat", 0), "created_at", "yesterday");
		assertThatThrownBy(() -> this.store.load("pk", "chat", 0L)).isInstanceOf(BurrPersistenceException.class)
			.hasMessageContaining(stepKey("chat", 0))
			.hasMessageContaining("yesterday");
	}

	@Test
	void pruningRewritesTheOldestKeptDeltaAsASnapshotSoThatEveryKeptStepLoads() {
		List<State> states = conversation(this.store, null, 8);
		assertThat(this.store.pruneKeepLast("pk", "chat", 4)).isEqualTo(4);
		assertThat(this.redis.opsForHash().get(stepKey("chat", 4), "snapshot")).isEqualTo("1");
		for (long seq = 4; seq < 8; seq++) {
			assertThat(this.store.load("pk", "chat", seq).orElseThrow().state().asMap())
				.isEqualTo(states.get((int) seq).asMap());
		}
		assertThat(this.store.load("pk", "chat", 3L)).isEmpty();
		assertThat(this.store.pruneOlderThan("pk", "chat", Instant.now().plusSeconds(60))).isEqualTo(3);
		assertThat(this.store.history("pk", "chat")).hasSize(1);
		assertThat(this.store.load("pk", "chat").orElseThrow().state().asMap()).isEqualTo(states.get(7).asMap());
		this.store.save("pk", "chat", 8, "reply", states.get(7).append("chat", "after prune"), Status.COMPLETED,
				StateChange.of(List.of(new StateChange.Append("chat", List.<Object>of("after prune")))));
		assertThat(this.store.load("pk", "chat").orElseThrow().state().get("chat"))
			.isEqualTo(states.get(7).append("chat", "after prune").get("chat"));
		assertThat(this.store.deleteApp("pk", "chat")).isEqualTo(2);
		assertThat(TestRedis.deleteKeysStartingWith(this.namespace + ":%delta:pk:chat")).isZero();
	}

	@Test
	void anAppCopiedToBurrsLayoutAndBackLoadsTheSameAtEveryStep() {
		List<State> states = conversation(this.store, null, 10);
		RedisStatePersister burr = RedisStatePersister.builder(TestRedis.connectionFactory())
			.namespace(this.namespace)
			.build();
		StateStores.copy(this.store, burr, "pk", "chat");
		RedisStatePersister back = RedisStatePersister.builder(TestRedis.connectionFactory())
			.namespace(this.namespace)
			.layout(StateLayout.DELTA)
			.build();
		StateStores.copy(burr, back, "pk", "copy");
		for (long seq = 0; seq < 10; seq++) {
			assertThat(burr.load("pk", "chat", seq).orElseThrow().state().asMap())
				.isEqualTo(states.get((int) seq).asMap());
		}
		assertThat(this.store.deleteApp("pk", "chat")).isEqualTo(10);
		StateStores.copy(burr, back, "pk", "chat");
		for (long seq = 0; seq < 10; seq++) {
			assertThat(back.load("pk", "chat", seq).orElseThrow().state().asMap())
				.isEqualTo(states.get((int) seq).asMap());
		}
	}

	@Test
	void aTtlCoversTheWholeChainAStepRestsOn() {
		RedisStatePersister expiring = delta().ttl(Duration.ofSeconds(30)).build();
		conversation(expiring, null, 2);
		assertThat(this.redis.opsForHash().get(stepKey("chat", 1), "snapshot")).isEqualTo("0");
		this.redis.expire(stepKey("chat", 0), Duration.ofSeconds(3));
		State state = expiring.load("pk", "chat").orElseThrow().state();
		expiring.save("pk", "chat", 2, "reply", state.append("chat", "more"), Status.COMPLETED,
				StateChange.of(List.of(new StateChange.Append("chat", List.<Object>of("more")))));
		assertThat(this.redis.opsForHash().get(stepKey("chat", 2), "snapshot")).isEqualTo("0");
		for (long seq = 0; seq <= 2; seq++) {
			assertThat(this.redis.getExpire(stepKey("chat", seq), TimeUnit.SECONDS)).as("step %d", seq)
				.isGreaterThan(20L);
		}
		for (String key : List.of(this.namespace + ":%delta:pk", this.namespace + ":%delta:pk:activity",
				this.namespace + ":%delta:pk:chat:steps", this.namespace + ":%delta:pk:chat:snapshots")) {
			assertThat(this.redis.getExpire(key, TimeUnit.SECONDS)).as(key).isGreaterThan(20L);
		}
	}

	@Test
	void loadingRefreshesTheTtlOfTheWholeChainWhenAsked() {
		RedisStatePersister refreshing = delta().ttl(Duration.ofSeconds(30)).refreshTtlOnLoad(true).build();
		conversation(refreshing, null, 2);
		this.redis.expire(stepKey("chat", 0), Duration.ofSeconds(5));
		this.redis.expire(stepKey("chat", 1), Duration.ofSeconds(5));
		this.redis.expire(this.namespace + ":%delta:pk:chat:snapshots", Duration.ofSeconds(5));
		refreshing.load("pk", "chat");
		assertThat(this.redis.getExpire(stepKey("chat", 0), TimeUnit.SECONDS)).isGreaterThan(20L);
		assertThat(this.redis.getExpire(stepKey("chat", 1), TimeUnit.SECONDS)).isGreaterThan(20L);
		assertThat(this.redis.getExpire(this.namespace + ":%delta:pk:chat:snapshots", TimeUnit.SECONDS))
			.isGreaterThan(20L);
	}

	@Test
	void aConflictOrAFailedSaveMakesTheNextStepASnapshot() {
		List<State> states = conversation(this.store, null, 2);
		State next = states.get(1).append("chat", "x");
		StateChange change = StateChange.of(List.of(new StateChange.Append("chat", List.<Object>of("x"))));
		assertThatThrownBy(() -> this.store.save("pk", "chat", 1, "reply", next, Status.COMPLETED, change))
			.isInstanceOf(dev.burr.persistence.StateConflictException.class);
		this.store.save("pk", "chat", 2, "reply", next, Status.COMPLETED, change);
		assertThat(this.redis.opsForHash().get(stepKey("chat", 2), "snapshot")).isEqualTo("1");
		assertThat(this.store.load("pk", "chat").orElseThrow().state().asMap()).isEqualTo(next.asMap());
	}

	@Test
	@Timeout(30)
	void aSequenceIdFarBeyondTheStoredOnesLoadsNothingWithoutWalkingTheGap() {
		conversation(this.store, null, 3);
		assertThat(this.store.load("pk", "chat", Long.MAX_VALUE / 2)).isEmpty();
		assertThat(this.store.load("pk", "chat", 1_000_000_000_000L)).isEmpty();
		assertThat(this.store.load("pk", "chat", 2L)).isPresent();
	}

	@Test
	void snapshotEveryBelowOneIsRefusedNamingIt() {
		assertThatIllegalArgumentException().isThrownBy(() -> delta().snapshotEvery(0))
			.withMessageContaining("snapshotEvery")
			.withMessageContaining("0");
	}

	private static List<State> conversation(StateStore store, @Nullable StateStore burr, int steps) {
		return ChatConversation.save(store, burr, steps, START);
	}

}
