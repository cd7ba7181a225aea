package dev.burr.redis;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.burr.core.Actions;
import dev.burr.core.Application;
import dev.burr.core.ApplicationBuilder;
import dev.burr.core.State;
import dev.burr.core.Transition;
import dev.burr.persistence.BurrPersistenceException;
import dev.burr.persistence.Durability;
import dev.burr.persistence.PersistedState;
import dev.burr.persistence.StateChange;
import dev.burr.persistence.StateConflictException;
import dev.burr.persistence.StateLayout;
import dev.burr.persistence.Status;
import dev.burr.persistence.StepSave;
import dev.burr.persistence.write.WriteBehindSettings;
import dev.burr.redis.test.TestRedis;
import dev.burr.testing.TcpProxy;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Durability modes on Redis, in both layouts: a batch is one round trip with one script call per app, a
 * conflict fails only its step and the app's later steps in the batch, an outage fails every step naming its
 * app and the key prefix, concurrent saves share batches and each caller gets its own outcome, and
 * {@link Durability#ASYNC} applications store every step in order behind their callers.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RedisDurabilityTests {

	private static final ExecutorService THREADS = Executors.newFixedThreadPool(32);

	/** What the lagging proxy adds to each round trip: two take at least twice as long. */
	private static final Duration LAG = Duration.ofSeconds(1);

	/** A long system prompt first, so that the delta layout stores a step's change as a delta. */
	private static final State START = State.of(Map.of("system", "y".repeat(2000), "chat", List.of()));

	private final String namespace = TestRedis.uniqueNamespace();

	private final StringRedisTemplate redis = new StringRedisTemplate(TestRedis.connectionFactory());

	private final List<AutoCloseable> closing = new ArrayList<>();

	@AfterAll
	static void stopThreads() {
		THREADS.shutdownNow();
	}

	@AfterEach
	void cleanUp() throws Exception {
		Collections.reverse(this.closing);
		for (AutoCloseable resource : this.closing) {
			resource.close();
		}
		TestRedis.deleteKeysStartingWith(this.namespace + ":");
	}

	@ParameterizedTest
	@EnumSource(StateLayout.class)
	void aBatchOfManyAppsIsOneScriptCallPerAppInOneRoundTrip(StateLayout layout) throws IOException {
		LaggingProxy proxy = new LaggingProxy(TestRedis.uri().getHost(), TestRedis.uri().getPort(), LAG);
		this.closing.add(proxy);
		LettuceConnectionFactory factory = factory(proxy.port(), Duration.ofSeconds(10));
		CommandCounter commands = CommandCounter.attachedTo(factory);
		RedisStatePersister persister = builder(factory, layout).build();
		List<StepSave> warmUp = new ArrayList<>();
		for (int app = 0; app < 100; app++) {
			warmUp.add(step(new HashMap<>(), "warm-up-" + app, 0));
		}
		assertThat(persister.saveAll(warmUp)).containsOnlyNulls();
		commands.takeSent();

		Map<String, State> states = new HashMap<>();
		List<StepSave> batch = new ArrayList<>();
		for (int seq = 0; seq < 2; seq++) {
			for (int app = 0; app < 100; app++) {
				batch.add(step(states, "app-" + app, seq));
			}
		}
		long started = System.nanoTime();
		List<@Nullable RuntimeException> outcomes = persister.saveAll(batch);
		Duration took = Duration.ofNanos(System.nanoTime() - started);

		assertThat(outcomes).hasSize(200).containsOnlyNulls();
		assertThat(commands.takeSent()).as("one script call per app").hasSize(100).containsOnly("EVALSHA");
		assertThat(took).as("one round trip of %s, not two or 100", LAG).isLessThan(LAG.multipliedBy(2));
		RedisStatePersister direct = builder(TestRedis.connectionFactory(), layout).build();
		for (int app = 0; app < 100; app++) {
			assertThat(direct.load("pk", "app-" + app, 1L).orElseThrow().state().asMap())
				.isEqualTo(states.get("app-" + app).asMap());
		}
		commands.takeSent();
		long alone = System.nanoTime();
		persister.save("pk", "alone", 0, "chat", State.empty(), Status.COMPLETED);
		assertThat(commands.takeSent()).as("a lone save is one script call").containsExactly("EVALSHA");
		assertThat(Duration.ofNanos(System.nanoTime() - alone)).as("one round trip").isLessThan(LAG.multipliedBy(2));
	}

	@ParameterizedTest
	@EnumSource(StateLayout.class)
	void aConflictInABatchFailsOnlyItsStepAndTheLaterStepsOfItsApp(StateLayout layout) {
		RedisStatePersister persister = builder(TestRedis.connectionFactory(), layout).build();
		RedisStatePersister other = builder(TestRedis.connectionFactory(), layout).build();
		Map<String, State> states = new HashMap<>();
		List<StepSave> first = new ArrayList<>();
		for (String app : List.of("a", "b", "c")) {
			first.add(step(states, app, 0));
		}
		assertThat(persister.saveAll(first)).containsOnlyNulls();
		other.save("pk", "b", 1, "chat", State.of(Map.of("chat", List.of("the other writer's"))), Status.COMPLETED);

		List<StepSave> batch = List.of(step(states, "a", 1), step(states, "b", 1), step(states, "c", 1),
				step(states, "a", 2), step(states, "b", 2), step(states, "c", 2), step(states, "b", 3));
		List<@Nullable RuntimeException> outcomes = persister.saveAll(batch);

		assertThat(outcomes.get(1)).isInstanceOfSatisfying(StateConflictException.class,
				(conflict) -> assertThat(conflict.getSequenceId()).isEqualTo(1));
		for (int i : List.of(4, 6)) {
			assertThat(outcomes.get(i)).isInstanceOf(BurrPersistenceException.class)
				.isNotInstanceOf(StateConflictException.class)
				.hasMessage("Not storing " + batch.get(i).describe() + ": its earlier step 1 was not stored")
				.hasCauseInstanceOf(StateConflictException.class);
		}
		for (int i : List.of(0, 2, 3, 5)) {
			assertThat(outcomes.get(i)).as(batch.get(i).describe()).isNull();
		}
		assertThat(persister.history("pk", "b")).extracting(PersistedState::sequenceId).containsExactly(0L, 1L);
		assertThat(persister.load("pk", "b").orElseThrow().state().get("chat"))
			.isEqualTo(List.of("the other writer's"));
		assertThat(this.redis.hasKey(stepKey(layout, "b", 2))).isFalse();
		for (String app : List.of("a", "c")) {
			assertThat(persister.load("pk", app, 2L).orElseThrow().state().asMap()).isEqualTo(states.get(app).asMap());
		}
		if (layout == StateLayout.DELTA) {
			assertThat(this.redis.opsForHash().get(stepKey(layout, "a", 2), "snapshot"))
				.as("step 2 is a delta on step 1 of the same batch").isEqualTo("0");
			assertThat(this.redis.opsForHash().get(stepKey(layout, "c", 1), "snapshot")).isEqualTo("0");
			State reloaded = persister.load("pk", "b").orElseThrow().state();
			State next = reloaded.append("chat", "resumed");
			persister.save("pk", "b", 2, "chat", next, Status.COMPLETED, StateChange.between(reloaded, next));
			assertThat(persister.load("pk", "b", 2L).orElseThrow().state().asMap()).isEqualTo(next.asMap());
		}
	}

	@ParameterizedTest
	@EnumSource(StateLayout.class)
	void anOutageFailsEveryStepOfTheBatchNamingItsAppAndTheKeyPrefix(StateLayout layout) throws IOException {
		int closedPort;
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			closedPort = socket.getLocalPort();
		}
		RedisStatePersister persister = builder(factory(closedPort, Duration.ofSeconds(1)), layout).build();
		Map<String, State> states = new HashMap<>();
		List<StepSave> batch = List.of(step(states, "a", 0), step(states, "b", 0), step(states, "a", 1));
		List<@Nullable RuntimeException> outcomes = persister.saveAll(batch);
		String prefix = this.namespace + ":" + ((layout == StateLayout.DELTA) ? "%delta:" : "");
		for (int i = 0; i < batch.size(); i++) {
			assertThat(outcomes.get(i)).isInstanceOf(BurrPersistenceException.class)
				.isNotInstanceOf(StateConflictException.class)
				.hasMessageContaining("Redis failed to save step " + batch.get(i).sequenceId() + " of app '"
						+ batch.get(i).appId() + "' (partition key 'pk') under key prefix '" + prefix + "'");
		}
	}

	@ParameterizedTest
	@EnumSource(StateLayout.class)
	void concurrentSavesOfDifferentAppsAreAllStoredAndEachCallerSeesItsOwnConflict(StateLayout layout)
			throws Exception {
		RedisStatePersister persister = builder(TestRedis.connectionFactory(), layout).build();
		RedisStatePersister other = builder(TestRedis.connectionFactory(), layout).build();
		for (int app = 0; app < 32; app += 4) {
			other.save("pk", "app-" + app, 25, "chat", State.of(Map.of("chat", List.of("taken"))), Status.COMPLETED);
		}
		List<Future<@Nullable StateConflictException>> writers = new ArrayList<>();
		for (int app = 0; app < 32; app++) {
			String appId = "app-" + app;
			writers.add(THREADS.submit(() -> {
				State state = State.of(Map.of("chat", List.of()));
				for (int seq = 0; seq < 50; seq++) {
					State next = state.append("chat", appId + " says " + seq);
					try {
						persister.save("pk", appId, seq, "chat", next, Status.COMPLETED,
								StateChange.between(state, next));
					}
					catch (StateConflictException ex) {
						return ex;
					}
					state = next;
				}
				return null;
			}));
		}
		for (int app = 0; app < 32; app++) {
			StateConflictException conflict = writers.get(app).get(60, TimeUnit.SECONDS);
			List<PersistedState> history = persister.history("pk", "app-" + app);
			if (app % 4 == 0) {
				assertThat(conflict).isNotNull();
				assertThat(conflict.getAppId()).isEqualTo("app-" + app);
				assertThat(conflict.getSequenceId()).isEqualTo(25);
				assertThat(history).hasSize(26);
				assertThat(history.get(24).state().get("chat", List.class)).hasSize(25);
			}
			else {
				assertThat(conflict).as("app-%d", app).isNull();
				assertThat(history).hasSize(50);
				assertThat(history.get(49).state().get("chat", List.class)).hasSize(50).last()
					.isEqualTo("app-" + app + " says 49");
			}
		}
	}

	@ParameterizedTest
	@EnumSource(StateLayout.class)
	void aBatchAcrossPartitionsOnARedisClusterIsStored(StateLayout layout) {
		this.closing.add(() -> TestRedis.deleteClusterKeysStartingWith(this.namespace + ":"));
		RedisStatePersister persister = builder(TestRedis.clusterConnectionFactory(), layout).clusterSafe(true)
			.build();
		List<StepSave> batch = new ArrayList<>();
		for (int seq = 0; seq < 3; seq++) {
			for (int user = 0; user < 30; user++) {
				batch.add(new StepSave("user-" + user, "chat", seq, "chat", State.of(Map.of("n", seq)),
						Status.COMPLETED, StateChange.unknown()));
			}
		}
		assertThat(persister.saveAll(batch)).hasSize(90).containsOnlyNulls();
		for (int user = 0; user < 30; user++) {
			assertThat(persister.history("user-" + user, "chat")).extracting(PersistedState::sequenceId)
				.containsExactly(0L, 1L, 2L);
		}
	}

	@Test
	void aGroupCommitLimitBelowOneIsRefused() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> RedisStatePersister.builder(TestRedis.connectionFactory()).groupCommitLimit(0))
			.withMessageContaining("groupCommitLimit");
	}

	@ParameterizedTest
	@EnumSource(StateLayout.class)
	void anAsyncApplicationStoresEveryStepInOrder(StateLayout layout) {
		RedisStatePersister persister = builder(TestRedis.connectionFactory(), layout).build();
		this.closing.add(persister);
		Application chat = chat(persister, "async", Durability.ASYNC);
		List<State> states = new ArrayList<>();
		for (int i = 0; i < 200; i++) {
			chat.step(Map.of("message", "m" + i));
			states.add(chat.state());
		}
		chat.flush();
		RedisStatePersister fresh = builder(TestRedis.connectionFactory(), layout).build();
		for (int seq = 0; seq < 200; seq++) {
			PersistedState stored = fresh.load("pk", "async", (long) seq).orElseThrow();
			assertThat(stored.state().get("chat")).as("step %d", seq).isEqualTo(states.get(seq).get("chat"));
			assertThat(stored.position()).isEqualTo("chat");
		}
		assertThat(fresh.load("pk", "async").orElseThrow().sequenceId()).isEqualTo(199);
		assertThat(persister.writeBehind()).isSameAs(persister.writeBehind());
		if (layout == StateLayout.DELTA) {
			Application sync = chat(persister, "sync", Durability.SYNC);
			for (int i = 0; i < 200; i++) {
				sync.step(Map.of("message", "m" + i));
			}
			assertThat(snapshots(layout, "async")).as("as many snapshots as a SYNC app, not one per queued step")
				.isEqualTo(snapshots(layout, "sync"))
				.isLessThan(20);
		}
	}

	@ParameterizedTest
	@EnumSource(StateLayout.class)
	void aLoadBeforeFlushSeesTheQueuedLatestStepAndCloseDrainsTheQueue(StateLayout layout) throws Exception {
		TcpProxy proxy = new TcpProxy(TestRedis.uri().getHost(), TestRedis.uri().getPort()).start();
		this.closing.add(proxy);
		RedisStatePersister persister = builder(factory(proxy.port(), Duration.ofSeconds(1)), layout)
			.writeBehind(WriteBehindSettings.defaults().withTimeout(Duration.ofSeconds(30)))
			.build();
		RedisStatePersister direct = builder(TestRedis.connectionFactory(), layout).build();
		Application chat = chat(persister, "queued", Durability.ASYNC);
		for (int i = 0; i < 5; i++) {
			chat.step(Map.of("message", "before " + i));
		}
		chat.flush();
		proxy.stop();
		for (int i = 0; i < 20; i++) {
			chat.step(Map.of("message", "during " + i));
		}
		PersistedState latest = persister.load("pk", "queued").orElseThrow();
		assertThat(latest.sequenceId()).isEqualTo(24);
		assertThat(latest.state().get("chat")).isEqualTo(chat.state().get("chat"));
		assertThat(direct.load("pk", "queued").orElseThrow().sequenceId()).as("nothing reached Redis").isEqualTo(4);
		assertThat(persister.writeBehind().depth()).isEqualTo(20);

		THREADS.submit(() -> {
			TimeUnit.MILLISECONDS.sleep(500);
			return proxy.start();
		});
		persister.close();
		assertThat(persister.writeBehind().depth()).isZero();
		assertThat(direct.history("pk", "queued")).extracting(PersistedState::sequenceId).hasSize(25).isSorted();
		assertThat(direct.load("pk", "queued").orElseThrow().state().get("chat")).isEqualTo(chat.state().get("chat"));
	}

	private RedisStatePersister.Builder builder(LettuceConnectionFactory factory, StateLayout layout) {
		return RedisStatePersister.builder(factory).namespace(this.namespace).layout(layout).snapshotEvery(50);
	}

	private LettuceConnectionFactory factory(int port, Duration commandTimeout) {
		LettuceConnectionFactory factory = TestRedis.newConnectionFactory("127.0.0.1", port, 0, commandTimeout);
		this.closing.add(factory::destroy);
		return factory;
	}

	private String stepKey(StateLayout layout, String app, long seq) {
		return this.namespace + ((layout == StateLayout.DELTA) ? ":%delta" : "") + ":pk:" + app + ":" + seq;
	}

	/** Step {@code seq} of {@code app}, which adds a message to the state its previous step left in {@code states}. */
	private static StepSave step(Map<String, State> states, String app, long seq) {
		State before = states.getOrDefault(app, START);
		State after = before.append("chat", app + " " + seq);
		states.put(app, after);
		return new StepSave("pk", app, seq, "chat", after, Status.COMPLETED,
				(seq == 0) ? StateChange.unknown() : StateChange.between(before, after));
	}

	private long snapshots(StateLayout layout, String app) {
		long snapshots = 0;
		for (int seq = 0; seq < 200; seq++) {
			snapshots += "1".equals(this.redis.opsForHash().get(stepKey(layout, app, seq), "snapshot")) ? 1 : 0;
		}
		return snapshots;
	}

	private static Application chat(RedisStatePersister persister, String appId, Durability durability) {
		return ApplicationBuilder.create()
			.withAction("chat", Actions.action(List.of("chat"), List.of("chat"), List.of("message"),
					(state, inputs) -> state.append("chat", inputs.get("message"))))
			.withTransitions(Transition.of("chat", "chat"))
			.withStatePersister(persister)
			.initializeFrom(persister, true, START.asMap(), "chat")
			.withIdentifiers(appId, "pk")
			.withDurability(durability)
			.build();
	}

}
