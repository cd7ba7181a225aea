package dev.burr.redis;

import java.time.Duration;
import java.util.Map;

import dev.burr.core.Application;
import dev.burr.core.Halt;
import dev.burr.persistence.BurrPersistenceException;
import dev.burr.persistence.PersistedState;
import dev.burr.persistence.StateConflictException;
import dev.burr.redis.test.TestRedis;
import dev.burr.testing.CountingApps;
import dev.burr.testing.TcpProxy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Applications on Redis: resume at the right action, also from Burr-written records, and ride out an outage. */
class RedisApplicationTests {

	private final String namespace = TestRedis.uniqueNamespace();

	@AfterEach
	void deleteNamespace() {
		TestRedis.deleteKeysStartingWith(this.namespace + ":");
	}

	@Test
	void anApplicationResumesAtTheNextActionAfterARebuild() {
		RedisStatePersister persister = RedisStatePersister.builder(TestRedis.connectionFactory())
			.namespace(this.namespace)
			.build();
		Application first = CountingApps.countToFive(persister, "resume").build();
		first.run(Halt.before("result"));
		Application again = CountingApps.countToFive(persister, "resume").build();
		assertThat(again.sequenceId()).hasValue(4);
		assertThat(again.nextAction()).contains("result");
		assertThat(again.step().orElseThrow().result()).isEqualTo(Map.of("count", 5));
	}

	@Test
	void aRecordWrittenWithBurrsCommandsResumesTheApplication() {
		StringRedisTemplate redis = new StringRedisTemplate(TestRedis.connectionFactory());
		String key = this.namespace + ":user-1:from-python:2";
		redis.opsForHash().putAll(key, Map.of("partition_key", "user-1", "app_id", "from-python", "sequence_id", "2",
				"position", "counter", "state", "{\"count\": 3, \"__SEQUENCE_ID\": 2, \"__PRIOR_STEP\": \"counter\"}",
				"status", "completed", "created_at", "2024-08-27T18:58:33.909683+00:00"));
		redis.opsForZSet().add(this.namespace + ":user-1", "from-python", 2);
		RedisStatePersister persister = RedisStatePersister.builder(TestRedis.connectionFactory())
			.namespace(this.namespace)
			.build();
		Application app = CountingApps.countToFive(persister, "from-python").build();
		assertThat(app.sequenceId()).hasValue(2);
		assertThat(app.nextAction()).contains("counter");
		assertThat(app.step().orElseThrow().sequenceId()).isEqualTo(3);
		assertThat(app.state().get("count")).isEqualTo(4);
	}

	@Test
	void whenRedisGoesAwayTheStepFailsTheAppStaysAndContinuesWithNoGap() throws InterruptedException {
		TcpProxy proxy = new TcpProxy(TestRedis.uri().getHost(), TestRedis.uri().getPort()).start();
		LettuceConnectionFactory factory = TestRedis.newConnectionFactory("127.0.0.1", proxy.port(), 0,
				Duration.ofSeconds(1));
		try {
			RedisStatePersister persister = RedisStatePersister.builder(factory).namespace(this.namespace).build();
			Application app = CountingApps.countToFive(persister, "outage").build();
			app.step();
			proxy.stop();
			assertThatThrownBy(app::step).isInstanceOf(BurrPersistenceException.class)
				.isNotInstanceOf(StateConflictException.class)
				.hasMessageContaining("outage");
			assertThat(app.sequenceId()).hasValue(0);
			assertThat(app.state().get("count")).isEqualTo(1);
			proxy.start();
			long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
			while (app.sequenceId().getAsLong() == 0) {
				try {
					app.step();
				}
				catch (BurrPersistenceException ex) {
					assertThat(ex).isNotInstanceOf(StateConflictException.class);
					assertThat(System.nanoTime()).as("Redis back but steps still fail").isLessThan(deadline);
					Thread.sleep(100);
				}
			}
			assertThat(persister.history("user-1", "outage")).extracting(PersistedState::sequenceId)
				.containsExactly(0L, 1L);
			assertThat(app.state().get("count")).isEqualTo(2);
		}
		finally {
			factory.destroy();
			proxy.stop();
		}
	}

}
