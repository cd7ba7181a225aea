package dev.burr.redis;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;

import dev.burr.core.State;
import dev.burr.persistence.BurrPersistenceException;
import dev.burr.persistence.PersistedState;
import dev.burr.persistence.StateConflictException;
import dev.burr.persistence.Status;
import dev.burr.testing.TcpProxy;
import dev.burr.redis.test.TestRedis;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.fail;

/**
 * Redis out of reach: calls fail with {@link BurrPersistenceException} within the connection factory's command
 * timeout (1 s here, plus slack), nothing is stored, and saving continues with no gap once Redis is back.
 */
class RedisUnreachableTests {

	private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(1);

	private static final Duration BOUND = COMMAND_TIMEOUT.plusSeconds(2);

	private final String namespace = TestRedis.uniqueNamespace();

	@AfterEach
	void deleteNamespace() {
		TestRedis.deleteKeysStartingWith(this.namespace + ":");
	}

	@Test
	void aClosedPortFailsSaveAndLoadWithinTheBound() throws IOException {
		int closedPort;
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			closedPort = socket.getLocalPort();
		}
		LettuceConnectionFactory factory = TestRedis.newConnectionFactory("127.0.0.1", closedPort, 0,
				COMMAND_TIMEOUT);
		try {
			RedisStatePersister persister = RedisStatePersister.builder(factory).namespace(this.namespace).build();
			long started = System.nanoTime();
			assertThatExceptionOfType(BurrPersistenceException.class)
				.isThrownBy(() -> persister.save("pk", "app", 0, "p", State.empty(), Status.COMPLETED))
				.withMessageContaining("save step 0 of app 'app'");
			assertThatExceptionOfType(BurrPersistenceException.class).isThrownBy(() -> persister.load("pk", "app"))
				.withMessageContaining("load the latest step of app 'app'");
			Duration failedAfter = Duration.ofNanos(System.nanoTime() - started);
			assertThat(failedAfter).isLessThan(BOUND.multipliedBy(2));
			System.out.println("Save and load against a closed port failed within " + failedAfter.toMillis() + " ms");
		}
		finally {
			factory.destroy();
		}
	}

	@Test
	void aSaveWhileRedisIsAwayFailsAndTheNextTryContinuesWithNoGap() throws InterruptedException {
		TcpProxy proxy = new TcpProxy(TestRedis.uri().getHost(), TestRedis.uri().getPort()).start();
		LettuceConnectionFactory factory = TestRedis.newConnectionFactory("127.0.0.1", proxy.port(), 0,
				COMMAND_TIMEOUT);
		RedisStatePersister direct = RedisStatePersister.builder(TestRedis.connectionFactory())
			.namespace(this.namespace)
			.build();
		try {
			RedisStatePersister persister = RedisStatePersister.builder(factory).namespace(this.namespace).build();
			persister.save("pk", "app", 0, "start", State.of(Map.of("n", 0)), Status.COMPLETED);
			proxy.stop();

			long started = System.nanoTime();
			assertThatExceptionOfType(BurrPersistenceException.class)
				.isThrownBy(() -> persister.save("pk", "app", 1, "count", State.of(Map.of("n", 1)), Status.COMPLETED))
				.isNotInstanceOf(StateConflictException.class);
			Duration failedAfter = Duration.ofNanos(System.nanoTime() - started);
			assertThat(failedAfter).isLessThan(BOUND);
			assertThatExceptionOfType(BurrPersistenceException.class).isThrownBy(() -> persister.load("pk", "app"));
			assertThat(direct.load("pk", "app").orElseThrow().sequenceId()).isZero();

			proxy.start();
			long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
			while (true) {
				try {
					persister.save("pk", "app", 1, "count", State.of(Map.of("n", 1)), Status.COMPLETED);
					break;
				}
				catch (StateConflictException ex) {
					fail("the save that failed while Redis was away was stored after all", ex);
				}
				catch (BurrPersistenceException ex) {
					assertThat(System.nanoTime()).as("Redis back but saves still fail").isLessThan(deadline);
					Thread.sleep(100);
				}
			}
			assertThat(persister.history("pk", "app")).extracting(PersistedState::sequenceId).containsExactly(0L, 1L);
			System.out.println("Save failed " + failedAfter.toMillis() + " ms after Redis went away (command timeout "
					+ COMMAND_TIMEOUT.toMillis() + " ms)");
		}
		finally {
			factory.destroy();
			proxy.stop();
		}
	}

}
