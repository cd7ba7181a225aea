package dev.burr.jdbc;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import javax.sql.DataSource;

import dev.burr.core.Actions;
import dev.burr.core.Application;
import dev.burr.core.ApplicationBuilder;
import dev.burr.core.State;
import dev.burr.core.Transition;
import dev.burr.jdbc.test.CountingDataSource;
import dev.burr.jdbc.test.TestDatabases;
import dev.burr.persistence.BurrPersistenceException;
import dev.burr.persistence.Durability;
import dev.burr.persistence.PersistedState;
import dev.burr.persistence.StateChange;
import dev.burr.persistence.StateConflictException;
import dev.burr.persistence.StateLayout;
import dev.burr.persistence.Status;
import dev.burr.persistence.StepSave;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Group commit and write-behind on every database, in both layouts: concurrent saves share commits, a conflict
 * fails only its own step, and {@link Durability#ASYNC} applications store every step in order.
 */
class JdbcDurabilityTests {

	@TempDir
	static Path directory;

	private static final ExecutorService THREADS = Executors.newFixedThreadPool(32);

	@AfterAll
	static void stopThreads() {
		THREADS.shutdownNow();
	}

	static Stream<Arguments> databases() {
		List<Arguments> arguments = new ArrayList<>();
		for (StateLayout layout : StateLayout.values()) {
			arguments.add(Arguments.of("PostgreSQL", layout, TestDatabases.postgres().dataSource()));
			arguments.add(Arguments.of("MariaDB", layout, TestDatabases.mariadb().dataSource()));
			arguments.add(Arguments.of("SQLite", layout,
					TestDatabases.sqlite(directory.resolve("durability-" + layout + ".db"))));
			arguments.add(Arguments.of("H2", layout, TestDatabases.h2("durability-" + layout)));
		}
		return arguments.stream();
	}

	private static JdbcStatePersister persister(DataSource dataSource, StateLayout layout) {
		JdbcStatePersister persister = JdbcStatePersister.builder(dataSource)
			.tableName(TestDatabases.uniqueTableName("durable"))
			.layout(layout)
			.snapshotEvery(50)
			.build();
		persister.initialize();
		return persister;
	}

	@ParameterizedTest(name = "{0} {1}", autoCloseArguments = false)
	@MethodSource("databases")
	void concurrentSavesOfDifferentAppsShareCommitsAndAllAreStored(String name, StateLayout layout,
			DataSource dataSource) throws Exception {
		CountingDataSource counting = new CountingDataSource(dataSource);
		JdbcStatePersister persister = persister(counting, layout);
		counting.slowDown(Duration.ofMillis(2));
		int before = counting.connections();
		List<Future<?>> writers = new ArrayList<>();
		for (int app = 0; app < 32; app++) {
			String appId = "app-" + app;
			writers.add(THREADS.submit(() -> {
				State state = State.of(Map.of("chat", List.of()));
				for (int seq = 0; seq < 20; seq++) {
					State next = state.append("chat", appId + " says " + seq);
					persister.save("pk", appId, seq, "chat", next, Status.COMPLETED, StateChange.between(state, next));
					state = next;
				}
			}));
		}
		for (Future<?> writer : writers) {
			writer.get(60, TimeUnit.SECONDS);
		}
		assertThat(counting.connections() - before).as("640 saves in fewer transactions: two or more per commit on average, with up to 4 batches in flight").isLessThan(640 / 2);
		for (int app = 0; app < 32; app++) {
			List<PersistedState> history = persister.history("pk", "app-" + app);
			assertThat(history).hasSize(20);
			assertThat(history.get(19).state().get("chat", List.class)).hasSize(20).last()
				.isEqualTo("app-" + app + " says 19");
		}
	}

	@ParameterizedTest(name = "{0} {1}", autoCloseArguments = false)
	@MethodSource("databases")
	void aConflictInAGroupFailsOnlyItsOwnCaller(String name, StateLayout layout, DataSource dataSource)
			throws Exception {
		CountingDataSource counting = new CountingDataSource(dataSource);
		JdbcStatePersister persister = persister(counting, layout);
		for (int round = 0; round < 10; round++) {
			persister.save("pk", "taken", round, "chat", State.of(Map.of("round", round)), Status.COMPLETED);
		}
		counting.slowDown(Duration.ofMillis(2));
		for (int round = 0; round < 10; round++) {
			long seq = round;
			List<Future<?>> writers = new ArrayList<>();
			writers.add(THREADS.submit(() -> persister.save("pk", "taken", seq, "chat", State.of(Map.of("mine", 1)),
					Status.COMPLETED)));
			for (int app = 0; app < 15; app++) {
				String appId = "free-" + app;
				writers.add(THREADS.submit(() -> persister.save("pk", appId, seq, "chat",
						State.of(Map.of("round", (int) seq)), Status.COMPLETED)));
			}
			for (int i = 0; i < writers.size(); i++) {
				Future<?> writer = writers.get(i);
				if (i == 0) {
					assertThat(catching(writer)).isInstanceOf(StateConflictException.class);
				}
				else {
					writer.get(30, TimeUnit.SECONDS);
				}
			}
		}
		for (int app = 0; app < 15; app++) {
			assertThat(persister.history("pk", "free-" + app)).hasSize(10);
		}
		assertThat(persister.load("pk", "taken", 3L).orElseThrow().state().get("round")).isEqualTo(3);
	}

	@ParameterizedTest(name = "{0} {1}", autoCloseArguments = false)
	@MethodSource("databases")
	void aBatchIsOneTransactionAndAConflictFailsOnlyItsStepAndTheAppsLaterOnes(String name, StateLayout layout,
			DataSource dataSource) {
		CountingDataSource counting = new CountingDataSource(dataSource);
		JdbcStatePersister persister = persister(counting, layout);
		List<StepSave> clean = new ArrayList<>();
		for (int seq = 0; seq < 5; seq++) {
			clean.add(step("one", seq));
			clean.add(step("two", seq));
		}
		int before = counting.connections();
		assertThat(persister.saveAll(clean)).containsOnlyNulls().hasSize(10);
		assertThat(counting.connections() - before).as("one transaction").isEqualTo(1);
		persister.save("pk", "three", 2, "chat", State.of(Map.of("n", -2)), Status.COMPLETED);
		List<StepSave> conflicting = new ArrayList<>();
		for (int seq = 0; seq < 5; seq++) {
			conflicting.add(step("three", seq));
			conflicting.add(step("four", seq));
		}
		List<@Nullable RuntimeException> outcomes = persister.saveAll(conflicting);
		for (int i = 0; i < outcomes.size(); i++) {
			StepSave step = conflicting.get(i);
			RuntimeException outcome = outcomes.get(i);
			if (step.appId().equals("four") || step.sequenceId() < 2) {
				assertThat(outcome).as(step.describe()).isNull();
			}
			else if (step.sequenceId() == 2) {
				assertThat(outcome).isInstanceOf(StateConflictException.class);
			}
			else {
				assertThat(outcome).isInstanceOf(BurrPersistenceException.class)
					.hasMessage("Not storing step " + step.sequenceId() + " of app 'three' (partition key 'pk'): its "
							+ "earlier step 2 was not stored");
			}
		}
		assertThat(persister.history("pk", "three")).extracting(PersistedState::sequenceId).containsExactly(0L, 1L,
				2L);
		assertThat(persister.history("pk", "four")).hasSize(5);
	}

	@ParameterizedTest(name = "{0} {1}", autoCloseArguments = false)
	@MethodSource("databases")
	void asyncAppsStoreEveryStepInOrderAndTheDeltaLayoutStillStoresDeltas(String name, StateLayout layout,
			DataSource dataSource) throws Exception {
		JdbcStatePersister persister = persister(dataSource, layout);
		JdbcStatePersister synchronous = persister(dataSource, layout);
		List<Future<Application>> apps = new ArrayList<>();
		for (int app = 0; app < 8; app++) {
			String appId = "async-" + app;
			apps.add(THREADS.submit(() -> {
				Application chat = chat(persister, appId, Durability.ASYNC);
				Application same = chat(synchronous, appId, Durability.SYNC);
				for (int i = 0; i < 100; i++) {
					chat.step(Map.of("message", appId + " " + i));
					same.step(Map.of("message", appId + " " + i));
				}
				return chat;
			}));
		}
		for (Future<Application> app : apps) {
			Application chat = app.get(60, TimeUnit.SECONDS);
			chat.flush();
			List<PersistedState> history = persister.history("pk", chat.appId());
			assertThat(history).extracting(PersistedState::sequenceId).hasSize(100).isSorted();
			assertThat(history.get(99).state().get("chat")).isEqualTo(chat.state().get("chat"));
		}
		if (layout == StateLayout.DELTA) {
			assertThat(snapshots(dataSource, persister)).as("queued steps are deltas as saved ones are")
				.isEqualTo(snapshots(dataSource, synchronous))
				.isLessThan(800 / 2);
		}
	}

	private static long snapshots(DataSource dataSource, JdbcStatePersister persister) {
		return JdbcClient.create(dataSource)
			.sql("SELECT COUNT(*) FROM " + persister.getTableName() + " WHERE snapshot = ?")
			.param(true)
			.query(Long.class)
			.single();
	}

	@ParameterizedTest(name = "{0} {1}", autoCloseArguments = false)
	@MethodSource("databases")
	void closeDrainsTheQueueAndALoadBeforeSeesTheQueuedSteps(String name, StateLayout layout, DataSource dataSource) {
		JdbcStatePersister persister = persister(dataSource, layout);
		Application chat = chat(persister, "drained", Durability.ASYNC);
		for (int i = 0; i < 100; i++) {
			chat.step(Map.of("message", "m" + i));
		}
		assertThat(persister.load("pk", "drained")).map(PersistedState::sequenceId).hasValue(99L);
		persister.close();
		JdbcStatePersister fresh = JdbcStatePersister.builder(dataSource)
			.tableName(persister.getTableName())
			.layout(layout)
			.build();
		assertThat(fresh.load("pk", "drained").orElseThrow().state().get("chat")).isEqualTo(chat.state().get("chat"));
		assertThat(fresh.history("pk", "drained")).hasSize(100);
	}

	private static Application chat(JdbcStatePersister persister, String appId, Durability durability) {
		return ApplicationBuilder.create()
			.withAction("chat", Actions.action(List.of("chat"), List.of("chat"), List.of("message"),
					(state, inputs) -> state.append("chat", inputs.get("message"))))
			.withTransitions(Transition.of("chat", "chat"))
			.withStatePersister(persister)
			.initializeFrom(persister, true, Map.of("chat", List.of()), "chat")
			.withIdentifiers(appId, "pk")
			.withDurability(durability)
			.build();
	}

	private static StepSave step(String appId, long seq) {
		return new StepSave("pk", appId, seq, "chat", State.of(Map.of("n", (int) seq)), Status.COMPLETED,
				StateChange.unknown());
	}

	private static Throwable catching(Future<?> future) throws InterruptedException {
		try {
			future.get(30, TimeUnit.SECONDS);
			throw new AssertionError("expected a failure");
		}
		catch (java.util.concurrent.ExecutionException ex) {
			return ex.getCause();
		}
		catch (java.util.concurrent.TimeoutException ex) {
			throw new AssertionError(ex);
		}
	}

}
