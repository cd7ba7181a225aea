package dev.burr.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.burr.core.State;
import dev.burr.persistence.BurrPersistenceException;
import dev.burr.persistence.PersistedState;
import dev.burr.persistence.StateConflictException;
import dev.burr.persistence.Status;
import dev.burr.redis.test.TestRedis;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** What the contract does not cover: conflicts under load, scores, TTL, id isolation and records that do not parse. */
class RedisStatePersisterTests {

	private final String namespace = TestRedis.uniqueNamespace();

	private final StringRedisTemplate redis = new StringRedisTemplate(TestRedis.connectionFactory());

	private final RedisStatePersister persister = RedisStatePersister.builder(TestRedis.connectionFactory())
		.namespace(this.namespace)
		.build();

	@AfterEach
	void deleteNamespace() {
		TestRedis.deleteKeysStartingWith(this.namespace + ":");
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
						assertThat(ex.getSequenceId()).isZero();
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
			PersistedState stored = this.persister.load("pk", "race").orElseThrow();
			assertThat(stored.position()).isEqualTo(winner);
			assertThat(stored.state().get("w")).isEqualTo(winner);
		}
		finally {
			pool.shutdownNow();
		}
	}

	@Test
	void scoreNeverGoesDownWhenAnOlderStepIsSavedLater() {
		this.persister.save("pk", "app", 5, "five", State.empty(), Status.COMPLETED);
		this.persister.save("pk", "app", 2, "two", State.empty(), Status.COMPLETED);
		assertThat(this.redis.opsForZSet().score(this.namespace + ":pk", "app")).isEqualTo(5.0);
		this.persister.save("pk", "app", 6, "six", State.empty(), Status.COMPLETED);
		assertThat(this.redis.opsForZSet().score(this.namespace + ":pk", "app")).isEqualTo(6.0);
		assertThat(this.persister.load("pk", "app").orElseThrow().position()).isEqualTo("six");
	}

	@Test
	void withATtlBothKeysExpireAndTheAppIsThenNotFound() throws InterruptedException {
		RedisStatePersister expiring = RedisStatePersister.builder(TestRedis.connectionFactory())
			.namespace(this.namespace)
			.ttl(Duration.ofMillis(1000))
			.build();
		expiring.save("pk", "app", 0, "p", State.of(Map.of("k", 1)), Status.COMPLETED);
		String hash = this.namespace + ":pk:app:0";
		String partition = this.namespace + ":pk";
		assertThat(this.redis.getExpire(hash, TimeUnit.MILLISECONDS)).isBetween(1L, 1000L);
		assertThat(this.redis.getExpire(partition, TimeUnit.MILLISECONDS)).isBetween(1L, 1000L);
		assertThat(expiring.load("pk", "app")).isPresent();
		waitUntilGone(hash, partition);
		assertThat(expiring.load("pk", "app")).isEmpty();
		assertThat(expiring.listAppIds("pk")).isEmpty();
		assertThat(this.redis.hasKey(this.namespace + ":pk:app:steps")).isFalse();
		assertThat(this.redis.hasKey(this.namespace + ":pk:activity")).isFalse();
	}

	@Test
	void anAppWhoseStepsExpiredIsNoLongerListedWhileItsPartitionLives() throws InterruptedException {
		RedisStatePersister expiring = RedisStatePersister.builder(TestRedis.connectionFactory())
			.namespace(this.namespace)
			.ttl(Duration.ofMillis(1500))
			.build();
		expiring.save("pk", "old", 0, "p", State.empty(), Status.COMPLETED);
		Thread.sleep(900);
		expiring.save("pk", "new", 0, "p", State.empty(), Status.COMPLETED);
		waitUntilGone(this.namespace + ":pk:old:0");
		assertThat(this.redis.hasKey(this.namespace + ":pk")).isTrue();
		assertThat(expiring.listAppIds("pk")).containsExactly("new");
		assertThat(expiring.listApps("pk", 0, 10)).extracting(s -> s.appId()).containsExactly("new");
		assertThat(expiring.load("pk", "old")).isEmpty();
	}

	@Test
	void loadingRefreshesTheTtlWhenAsked() throws InterruptedException {
		RedisStatePersister refreshing = RedisStatePersister.builder(TestRedis.connectionFactory())
			.namespace(this.namespace)
			.ttl(Duration.ofSeconds(30))
			.refreshTtlOnLoad(true)
			.build();
		refreshing.save("pk", "app", 0, "p", State.empty(), Status.COMPLETED);
		String hash = this.namespace + ":pk:app:0";
		this.redis.expire(hash, Duration.ofSeconds(5));
		this.redis.expire(this.namespace + ":pk", Duration.ofSeconds(5));
		refreshing.load("pk", "app");
		assertThat(this.redis.getExpire(hash, TimeUnit.SECONDS)).isGreaterThan(20L);
		assertThat(this.redis.getExpire(this.namespace + ":pk", TimeUnit.SECONDS)).isGreaterThan(20L);
		this.persister.load("pk", "app");
		assertThat(this.redis.getExpire(hash, TimeUnit.SECONDS)).isGreaterThan(20L);
	}

	@Test
	void withoutATtlKeysDoNotExpire() {
		this.persister.save("pk", "app", 0, "p", State.empty(), Status.COMPLETED);
		assertThat(this.redis.getExpire(this.namespace + ":pk:app:0")).isEqualTo(-1L);
		assertThat(this.redis.getExpire(this.namespace + ":pk")).isEqualTo(-1L);
	}

	@Test
	void burrsAmbiguousIdsStayApart() {
		this.persister.save("a:b", "c", 0, "first", State.of(Map.of("who", "a:b/c")), Status.COMPLETED);
		this.persister.save("a", "b:c", 0, "second", State.of(Map.of("who", "a/b:c")), Status.COMPLETED);
		this.persister.save("a", "b%3Ac", 0, "third", State.of(Map.of("who", "a/b%3Ac")), Status.COMPLETED);
		assertThat(this.persister.load("a:b", "c").orElseThrow().state().get("who")).isEqualTo("a:b/c");
		assertThat(this.persister.load("a", "b:c").orElseThrow().state().get("who")).isEqualTo("a/b:c");
		assertThat(this.persister.load("a", "b%3Ac").orElseThrow().state().get("who")).isEqualTo("a/b%3Ac");
		assertThat(this.persister.listAppIds("a")).containsExactly("b%3Ac", "b:c");
		assertThat(this.persister.listAppIds("a:b")).containsExactly("c");
		assertThat(this.persister.deleteApp("a", "b:c")).isEqualTo(1);
		assertThat(this.persister.load("a:b", "c")).isPresent();
		assertThat(this.persister.load("a", "b%3Ac")).isPresent();
	}

	@Test
	void globCharactersInIdsNeverReachAnotherApp() {
		List<String> appIds = List.of("a*", "ab", "a?", "[ab]", "a", "a\\*", "{a}", "a}");
		for (String appId : appIds) {
			this.persister.save("p*[?]", appId, 0, appId, State.of(Map.of("id", appId)), Status.COMPLETED);
			this.persister.save("p*[?]", appId, 1, appId, State.of(Map.of("id", appId)), Status.COMPLETED);
		}
		this.persister.save("pa", "ab", 0, "other partition", State.empty(), Status.COMPLETED);
		for (String appId : appIds) {
			assertThat(this.persister.load("p*[?]", appId).orElseThrow().state().get("id")).isEqualTo(appId);
			assertThat(this.persister.history("p*[?]", appId)).hasSize(2)
				.allSatisfy(step -> assertThat(step.position()).isEqualTo(appId));
		}
		assertThat(this.persister.deleteApp("p*[?]", "a*")).isEqualTo(2);
		assertThat(this.persister.pruneKeepLast("p*[?]", "[ab]", 1)).isEqualTo(1);
		assertThat(this.persister.listAppIds("p*[?]")).hasSize(appIds.size() - 1).doesNotContain("a*");
		for (String appId : List.of("ab", "a?", "a", "a\\*", "{a}", "a}")) {
			assertThat(this.persister.history("p*[?]", appId)).hasSize(2);
		}
		assertThat(this.persister.load("pa", "ab").orElseThrow().position()).isEqualTo("other partition");
	}

	@Test
	void clusterLayoutKeepsBracesInIdsOutOfTheHashTag() {
		RedisStatePersister cluster = RedisStatePersister.builder(TestRedis.connectionFactory())
			.namespace(this.namespace)
			.clusterSafe(true)
			.build();
		cluster.save("{x}", "app", 0, "p", State.of(Map.of("k", "v")), Status.COMPLETED);
		assertThat(this.redis.hasKey(this.namespace + ":{pk=%7Bx%7D}:app:0")).isTrue();
		assertThat(this.redis.opsForZSet().score(this.namespace + ":{pk=%7Bx%7D}", "app")).isEqualTo(0.0);
		assertThat(cluster.load("{x}", "app").orElseThrow().state().get("k")).isEqualTo("v");
		assertThat(this.persister.load("{x}", "app")).isEmpty();
	}

	@Test
	void aHashMissingAFieldFailsTheLoadNamingTheKey() {
		String key = this.namespace + ":pk:broken:0";
		this.redis.opsForHash()
			.putAll(key, Map.of("partition_key", "pk", "app_id", "broken", "sequence_id", "0", "position", "p",
					"created_at", "2024-08-27T18:58:33.909683+00:00"));
		this.redis.opsForZSet().add(this.namespace + ":pk", "broken", 0);
		assertThatExceptionOfType(BurrPersistenceException.class).isThrownBy(() -> this.persister.load("pk", "broken"))
			.withMessageContaining(key)
			.withMessageContaining("state")
			.withMessageContaining("status");
	}

	@Test
	void aStateThatIsNotJsonFailsTheLoadNamingTheKey() {
		String key = this.namespace + ":pk:broken:3";
		this.redis.opsForHash()
			.putAll(key, Map.of("partition_key", "pk", "app_id", "broken", "sequence_id", "3", "position", "p",
					"state", "{not json", "status", "completed", "created_at", "2024-08-27T18:58:33.909683+00:00"));
		assertThatExceptionOfType(BurrPersistenceException.class)
			.isThrownBy(() -> this.persister.load("pk", "broken", 3L))
			.withMessageContaining(key)
			.withMessageContaining("state");
	}

	@Test
	void aCreatedAtThatIsNotIsoFailsTheLoadNamingTheKey() {
		String key = this.namespace + ":pk:broken:1";
		this.redis.opsForHash()
			.putAll(key, Map.of("partition_key", "pk", "app_id", "broken", "sequence_id", "1", "position", "p",
					"state", "{}", "status", "completed", "created_at", "yesterday"));
		assertThatExceptionOfType(BurrPersistenceException.class)
			.isThrownBy(() -> this.persister.load("pk", "broken", 1L))
			.withMessageContaining(key)
			.withMessageContaining("yesterday");
	}

	@Test
	void badArgumentsAreRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> RedisStatePersister
			.builder(TestRedis.connectionFactory())
			.namespace("has spaces")).withMessageContaining("'has spaces'");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.persister.save("pk", " ", 0, "p", State.empty(), Status.COMPLETED))
			.withMessageContaining("appId");
		assertThatIllegalArgumentException().isThrownBy(
				() -> RedisStatePersister.builder(TestRedis.connectionFactory()).ttl(Duration.ofNanos(10)));
	}

	@Test
	void listingAfterDeletingAndPagingPastTheEnd() {
		String pk = "pk-" + UUID.randomUUID();
		this.persister.save(pk, "one", 0, "p", State.empty(), Status.COMPLETED);
		this.persister.save(pk, "two", 0, "p", State.empty(), Status.COMPLETED);
		assertThat(this.persister.listApps(pk, 2, 5)).isEmpty();
		assertThat(this.persister.listApps(pk, 1, 5)).extracting(s -> s.appId()).containsExactly("one");
		this.persister.deleteApp(pk, "two");
		assertThat(this.persister.listApps(pk, 0, 5)).extracting(s -> s.appId()).containsExactly("one");
		assertThat(this.redis.opsForZSet().zCard(this.namespace + ":" + pk + ":activity")).isEqualTo(1L);
	}

	private void waitUntilGone(String... keys) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
		while (this.redis.countExistingKeys(List.of(keys)) > 0) {
			assertThat(System.nanoTime()).as("keys %s still exist", List.of(keys)).isLessThan(deadline);
			Thread.sleep(100);
		}
	}

}
