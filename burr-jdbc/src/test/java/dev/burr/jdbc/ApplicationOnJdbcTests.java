package dev.burr.jdbc;

import java.nio.file.Path;
import java.sql.Types;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import dev.burr.core.Application;
import dev.burr.core.StepResult;
import dev.burr.jdbc.test.TestDatabase;
import dev.burr.jdbc.test.TestDatabases;
import dev.burr.persistence.BurrPersistenceException;
import dev.burr.persistence.PersistedState;
import dev.burr.persistence.StateConflictException;
import dev.burr.persistence.StateStore;
import dev.burr.testing.CountingApps;
import dev.burr.testing.TcpProxy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.jdbc.core.SqlParameterValue;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Applications on the JDBC persister: resuming from rows Python Burr wrote, losing the database mid-run, and
 * two applications stepping one app id at once.
 */
class ApplicationOnJdbcTests {

	private static final Pattern HOST_AND_PORT = Pattern.compile("//([^/:?]+):(\\d+)/");

	@TempDir
	static Path directory;

	static Stream<Arguments> burrDatabases() {
		return Stream.of(Arguments.of("PostgreSQL", TestDatabases.postgres().dataSource(), true),
				Arguments.of("SQLite", TestDatabases.sqlite(directory.resolve("apps.db")), false));
	}

	private static void burrInsert(DataSource dataSource, String table, boolean jsonb, long sequenceId,
			String status, int count) {
		String json = "{\"count\": " + count + ", \"__SEQUENCE_ID\": " + sequenceId + ", \"__PRIOR_STEP\": \"counter\"}";
		JdbcClient.create(dataSource)
			.sql("INSERT INTO " + table
					+ " (partition_key, app_id, sequence_id, position, state, status) VALUES (?, ?, ?, ?, ?, ?)")
			.params("user-1", "count-app", sequenceId, "counter", jsonb ? new SqlParameterValue(Types.OTHER, json) : json,
					status)
			.update();
	}

	@ParameterizedTest(name = "{0}", autoCloseArguments = false)
	@MethodSource("burrDatabases")
	void anApplicationResumesFromRowsBurrWroteAtTheRightAction(String name, DataSource dataSource, boolean jsonb) {
		String table = TestDatabases.uniqueTableName("burr_app");
		JdbcStatePersister store = JdbcStatePersister.builder(dataSource).tableName(table).build();
		store.initialize();
		for (int i = 0; i < 3; i++) {
			burrInsert(dataSource, table, jsonb, i, "completed", i + 1);
		}
		Application resumed = CountingApps.countToFive(store, "count-app").build();
		assertThat(resumed.nextAction()).contains("counter");
		assertThat(resumed.sequenceId()).hasValue(2);
		assertThat(resumed.state().get("count", Integer.class)).isEqualTo(3);
		StepResult step = resumed.step().orElseThrow();
		assertThat(step.sequenceId()).isEqualTo(3);
		assertThat(step.state().get("count", Integer.class)).isEqualTo(4);

		burrInsert(dataSource, table, jsonb, 4, "failed", 4);
		Application afterFailure = CountingApps.countToFive(store, "count-app").build();
		assertThat(afterFailure.nextAction()).as("a failed step is run again").contains("counter");
		assertThat(afterFailure.sequenceId()).hasValue(4);
		StepResult rerun = afterFailure.step().orElseThrow();
		assertThat(rerun.sequenceId()).isEqualTo(5);
		assertThat(rerun.state().get("count", Integer.class)).isEqualTo(5);
		assertThat(afterFailure.nextAction()).contains("result");
		assertThat(store.history("user-1", "count-app")).extracting(PersistedState::sequenceId)
			.containsExactly(0L, 1L, 2L, 3L, 4L, 5L);
		JdbcClient.create(dataSource).sql("DROP TABLE " + table).update();
		JdbcClient.create(dataSource).sql("DROP TABLE " + table + "_schema_history").update();
	}

	@Test
	void anApplicationThatLosesTheDatabaseDoesNotMoveAndContinuesWithNoGapOnceItIsBack() throws Exception {
		TestDatabase postgres = TestDatabases.postgres();
		String table = TestDatabases.uniqueTableName("burr_app");
		Matcher server = HOST_AND_PORT.matcher(postgres.jdbcUrl());
		assertThat(server.find()).isTrue();
		try (TcpProxy proxy = new TcpProxy(server.group(1), Integer.parseInt(server.group(2))).start();
				HikariDataSource pool = postgres.newPool(c -> {
					c.setJdbcUrl(server.replaceFirst("//127.0.0.1:" + proxy.port() + "/"));
					c.setConnectionTimeout(1_000);
					c.setMaximumPoolSize(2);
				})) {
			JdbcStatePersister store = JdbcStatePersister.builder(pool)
				.tableName(table)
				.queryTimeout(Duration.ofSeconds(2))
				.build();
			store.initialize();
			Application app = CountingApps.countToFive(store, "outage-app").build();
			assertThat(app.step().orElseThrow().sequenceId()).isZero();
			proxy.stop();
			assertThatThrownBy(app::step).isInstanceOf(BurrPersistenceException.class)
				.hasMessageContaining("app 'outage-app'");
			assertThat(app.sequenceId()).hasValue(0);
			assertThat(app.state().get("count", Integer.class)).isEqualTo(1);
			proxy.start();
			StepResult next = stepOnceTheDatabaseIsBack(app);
			assertThat(next.sequenceId()).isEqualTo(1);
			assertThat(next.state().get("count", Integer.class)).isEqualTo(2);
			assertThat(store.history("user-1", "outage-app")).extracting(PersistedState::sequenceId)
				.containsExactly(0L, 1L);
		}
		finally {
			JdbcClient.create(postgres.dataSource()).sql("DROP TABLE IF EXISTS " + table).update();
			JdbcClient.create(postgres.dataSource()).sql("DROP TABLE IF EXISTS " + table + "_schema_history").update();
		}
	}

	/** Pooled connections the outage broke fail once more before the pool replaces them; the app stays put. */
	private static StepResult stepOnceTheDatabaseIsBack(Application app) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
		while (true) {
			try {
				return app.step().orElseThrow();
			}
			catch (StateConflictException ex) {
				throw new AssertionError("the step that failed during the outage was stored after all", ex);
			}
			catch (BurrPersistenceException ex) {
				assertThat(app.sequenceId()).hasValue(0);
				assertThat(System.nanoTime()).as("database back but steps still fail").isLessThan(deadline);
				Thread.sleep(100);
			}
		}
	}

	@Test
	void twoApplicationsOnOneAppIdLeaveAHistoryWithNoDuplicateNoGapAndNoLostUpdate() throws Exception {
		TestDatabase postgres = TestDatabases.postgres();
		String table = TestDatabases.uniqueTableName("burr_app");
		JdbcStatePersister store = JdbcStatePersister.builder(postgres.dataSource()).tableName(table).build();
		store.initialize();
		ExecutorService pool = Executors.newFixedThreadPool(2);
		try {
			List<Future<Integer>> conflicts = Stream.of(1, 2).map(writer -> pool.submit(() -> {
				int seen = 0;
				Application app = CountingApps.countToFive(store, "shared").build();
				while (app.nextAction().filter("counter"::equals).isPresent()) {
					try {
						app.step();
					}
					catch (StateConflictException ex) {
						seen++;
						app = CountingApps.countToFive(store, "shared").build();
					}
				}
				return seen;
			})).toList();
			int total = 0;
			for (Future<Integer> f : conflicts) {
				total += f.get(60, TimeUnit.SECONDS);
			}
			System.out.println("Two applications on one app id: " + total + " conflicts");
			List<PersistedState> history = store.history("user-1", "shared");
			assertThat(history).extracting(PersistedState::sequenceId).containsExactly(0L, 1L, 2L, 3L, 4L);
			for (PersistedState step : history) {
				assertThat(step.state().get("count", Integer.class)).isEqualTo((int) step.sequenceId() + 1);
			}
		}
		finally {
			pool.shutdownNow();
			JdbcClient.create(postgres.dataSource()).sql("DROP TABLE IF EXISTS " + table).update();
			JdbcClient.create(postgres.dataSource()).sql("DROP TABLE IF EXISTS " + table + "_schema_history").update();
		}
	}

}
