package dev.burr.reliability;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.burr.core.Application;
import dev.burr.core.StepResult;
import dev.burr.jdbc.JdbcStatePersister;
import dev.burr.jdbc.test.TestDatabase;
import dev.burr.jdbc.test.TestDatabases;
import dev.burr.persistence.BurrPersistenceException;
import dev.burr.persistence.PersistedState;
import dev.burr.persistence.StateConflictException;
import dev.burr.persistence.StateLayout;
import dev.burr.persistence.StateStore;
import dev.burr.persistence.Status;
import dev.burr.redis.RedisStatePersister;
import dev.burr.testing.TcpProxy;
import dev.burr.redis.test.TestRedis;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Category 2, outage: PostgreSQL and Redis become unreachable in the middle of a run through a local
 * {@link TcpProxy} the test stops (closing every proxied connection and refusing new ones) at a random moment
 * while steps run, and starts again later. Every step while the service is unreachable must fail with
 * {@link BurrPersistenceException} within the documented bound (JDBC: pool connection timeout plus query
 * timeout; Redis: the Lettuce command timeout), never hang, and leave the application where it was; once the
 * proxy passes traffic again the same application continues with no gap. A save whose commit reached the server
 * but whose answer was lost shows up as a {@link StateConflictException} on the retry: the application is then
 * rebuilt from storage, as a loser of a race would be.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class OutageFaultTests {

	static final int OUTAGES = 5;

	static final Duration PG_CONNECTION_TIMEOUT = Duration.ofMillis(1000);

	static final Duration PG_QUERY_TIMEOUT = Duration.ofSeconds(2);

	static final Duration REDIS_COMMAND_TIMEOUT = Duration.ofSeconds(1);

	/** Chains of the delta layout are this short, so that outages land between snapshots and deltas. */
	static final int SNAPSHOT_EVERY = 4;

	/** Allowance for a busy machine on top of each documented bound. */
	static final Duration SLACK = Duration.ofSeconds(3);

	@ParameterizedTest
	@EnumSource(StateLayout.class)
	void postgresUnreachableMidRun(StateLayout layout) throws Exception {
		TestDatabase database = TestDatabases.postgres();
		URI target = URI.create(database.jdbcUrl().substring("jdbc:".length()));
		String table = TestDatabases.uniqueTableName("rel_outage");
		JdbcStatePersister direct = JdbcStatePersister.builder(database.dataSource())
			.layout(layout)
			.snapshotEvery(SNAPSHOT_EVERY)
			.tableName(table)
			.build();
		direct.initialize();
		try (TcpProxy proxy = new TcpProxy(target.getHost(), target.getPort()).start()) {
			String query = (target.getRawQuery() != null) ? target.getRawQuery() + "&" : "";
			HikariConfig config = new HikariConfig();
			config.setJdbcUrl("jdbc:postgresql://127.0.0.1:" + proxy.port() + target.getRawPath() + "?" + query
					+ "connectTimeout=1&socketTimeout=3&loginTimeout=2");
			if (database.username() != null) {
				config.setUsername(database.username());
			}
			if (database.password() != null) {
				config.setPassword(database.password());
			}
			config.setMaximumPoolSize(2);
			config.setConnectionTimeout(PG_CONNECTION_TIMEOUT.toMillis());
			config.setValidationTimeout(500);
			try (HikariDataSource pool = new HikariDataSource(config)) {
				JdbcStatePersister proxied = JdbcStatePersister.builder(pool)
					.layout(layout)
					.snapshotEvery(SNAPSHOT_EVERY)
					.tableName(table)
					.queryTimeout(PG_QUERY_TIMEOUT)
					.build();
				Duration bound = PG_CONNECTION_TIMEOUT.plus(PG_QUERY_TIMEOUT);
				exercise(name("postgres", layout), proxied, direct, proxy, bound);
			}
		}
		finally {
			org.springframework.jdbc.core.JdbcTemplate jdbc = new org.springframework.jdbc.core.JdbcTemplate(
					database.dataSource());
			jdbc.execute("DROP TABLE IF EXISTS " + table);
			jdbc.execute("DROP TABLE IF EXISTS " + table + "_schema_history");
		}
	}

	@ParameterizedTest
	@EnumSource(StateLayout.class)
	void redisUnreachableMidRun(StateLayout layout) throws Exception {
		URI target = TestRedis.uri();
		String namespace = TestRedis.uniqueNamespace();
		RedisStatePersister direct = RedisStatePersister.builder(TestRedis.connectionFactory())
			.namespace(namespace)
			.layout(layout)
			.snapshotEvery(SNAPSHOT_EVERY)
			.build();
		try (TcpProxy proxy = new TcpProxy(target.getHost(), target.getPort()).start()) {
			LettuceConnectionFactory factory = TestRedis.newConnectionFactory("127.0.0.1", proxy.port(), 0,
					REDIS_COMMAND_TIMEOUT);
			try {
				RedisStatePersister proxied = RedisStatePersister.builder(factory)
					.namespace(namespace)
					.layout(layout)
					.snapshotEvery(SNAPSHOT_EVERY)
					.build();
				exercise(name("redis", layout), proxied, direct, proxy, REDIS_COMMAND_TIMEOUT);
			}
			finally {
				factory.destroy();
			}
		}
		finally {
			TestRedis.deleteKeysStartingWith(namespace + ":");
		}
	}

	private static String name(String backend, StateLayout layout) {
		return (layout == StateLayout.DELTA) ? backend + "-delta" : backend;
	}

	private void exercise(String backend, StateStore persister, StateStore direct, TcpProxy proxy, Duration bound)
			throws Exception {
		Run run = new Run(backend, persister, bound.plus(SLACK), new Random(Summary.seed() ^ backend.hashCode()));
		ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
		long started = System.nanoTime();
		try {
			run.app = run.rebuild();
			for (int outage = 1; outage <= OUTAGES; outage++) {
				for (int i = 0, healthy = 3 + run.random.nextInt(6); i < healthy; i++) {
					run.expect(Outcome.STORED, "healthy");
				}
				// the service goes away at a random moment, usually while a step is running
				Future<?> stop = scheduler.schedule(proxy::stop, run.random.nextInt(8), TimeUnit.MILLISECONDS);
				int failedInARow = 0;
				for (int i = 0; failedInARow < 2 && i < 200; i++) {
					Outcome outcome = run.step("going down");
					failedInARow = (outcome == Outcome.REJECTED) ? failedInARow + 1 : 0;
				}
				stop.get();
				run.faults++;
				for (int i = 0, more = 1 + run.random.nextInt(2); i < more; i++) {
					run.expect(Outcome.REJECTED, "while unreachable");
				}
				run.rebuildFailsWithinBound();
				proxy.start();
				long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
				while (run.step("coming back") != Outcome.STORED) {
					if (System.nanoTime() > deadline) {
						run.problems.add(backend + ": no step stored within 30 s after the proxy came back");
						break;
					}
				}
			}
			for (int i = 0; i < 3; i++) {
				run.expect(Outcome.STORED, "after the last outage");
			}
		}
		finally {
			scheduler.shutdownNow();
			run.stepper.shutdownNow();
		}
		List<PersistedState> history = direct.history(CounterApp.PARTITION, run.appId);
		List<Stores.StoredStep> stored = history.stream()
			.map(s -> new Stores.StoredStep(s.sequenceId(), s.position(), s.state().get("counter"),
					s.state().get("writer"), s.status() == Status.FAILED))
			.toList();
		run.problems.addAll(Invariants.problems(backend + " outage", stored));
		Set<Long> storedIds = new HashSet<>();
		stored.forEach(s -> storedIds.add(s.sequenceId()));
		long lost = run.returned.stream().filter(id -> !storedIds.contains(id)).count();
		if (Invariants.last(stored) != run.app.sequenceId().orElse(-1)) {
			run.problems.add(backend + ": the app is at " + run.app.sequenceId() + " but storage at "
					+ Invariants.last(stored));
		}
		long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
		Summary.print("outage", backend, run.attempts, run.faults, run.problems.size(), lost,
				"stored=" + stored.size() + " rejectedSteps=" + run.rejected + " ambiguousCommitsReloaded="
						+ run.conflicts + " slowestFailureMs=" + run.slowestFailureMillis + " boundMs="
						+ bound.toMillis() + "+" + SLACK.toMillis() + " time=" + seconds + "s");
		assertThat(run.problems).isEmpty();
		assertThat(lost).isZero();
		assertThat(run.faults).isEqualTo(OUTAGES);
		assertThat(run.rejected).isGreaterThanOrEqualTo(OUTAGES * 3L);
		assertThat(run.slowestFailureMillis).isLessThanOrEqualTo(bound.plus(SLACK).toMillis());
	}

	enum Outcome {

		STORED, REJECTED, RELOADED

	}

	/** One application stepped through outages, with what was observed. */
	private static final class Run {

		final String backend;

		final StateStore persister;

		final Duration bound;

		final Random random;

		final String appId = "outage-" + UUID.randomUUID();

		final ExecutorService stepper = Executors.newSingleThreadExecutor();

		final List<String> problems = new ArrayList<>();

		final List<Long> returned = new ArrayList<>();

		volatile Application app;

		long attempts;

		long faults;

		long rejected;

		long conflicts;

		long slowestFailureMillis;

		Run(String backend, StateStore persister, Duration bound, Random random) {
			this.backend = backend;
			this.persister = persister;
			this.bound = bound;
			this.random = random;
		}

		Application rebuild() throws InterruptedException {
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
			while (true) {
				try {
					return CounterApp.resume(this.persister, this.appId, "test", this.random, 3);
				}
				catch (BurrPersistenceException ex) {
					if (System.nanoTime() > deadline) {
						throw ex;
					}
					Thread.sleep(100);
				}
			}
		}

		/** Rebuilding (loading) while the service is unreachable fails with the defined exception, in time. */
		void rebuildFailsWithinBound() {
			this.attempts++;
			long started = System.nanoTime();
			try {
				CounterApp.resume(this.persister, this.appId, "test", this.random, 3);
				this.problems.add(this.backend + ": a rebuild succeeded while the service was unreachable");
			}
			catch (BurrPersistenceException ex) {
				this.rejected++;
			}
			catch (RuntimeException ex) {
				this.problems.add(this.backend + ": a rebuild failed with " + ex + " instead of BurrPersistenceException");
			}
			long millis = elapsed(started);
			this.slowestFailureMillis = Math.max(this.slowestFailureMillis, millis);
			check(millis, "rebuild while unreachable", "failed");
		}

		void expect(Outcome expected, String phase) throws Exception {
			Outcome outcome = step(phase);
			if (outcome != expected && !(expected == Outcome.STORED && outcome == Outcome.RELOADED)) {
				this.problems.add(this.backend + " " + phase + ": expected " + expected + ", got " + outcome);
			}
		}

		/** One step, classified; any other outcome is recorded as a problem. */
		Outcome step(String phase) throws Exception {
			this.attempts++;
			Application current = this.app;
			long before = current.sequenceId().orElse(-1);
			Optional<String> next = current.nextAction();
			long started = System.nanoTime();
			Future<StepResult> step = this.stepper.submit(() -> current.step().orElseThrow());
			try {
				StepResult result = step.get(this.bound.toMillis() + 30_000, TimeUnit.MILLISECONDS);
				check(elapsed(started), phase, "stored");
				if (result.sequenceId() != before + 1 || !Optional.of(result.action()).equals(next)) {
					this.problems.add(this.backend + " " + phase + ": stepped " + result.action() + " at "
							+ result.sequenceId() + " after " + before + ", expected " + next.orElse(null));
				}
				this.returned.add(result.sequenceId());
				return Outcome.STORED;
			}
			catch (TimeoutException ex) {
				this.problems.add(this.backend + " " + phase + ": a step hung for more than "
						+ (this.bound.toMillis() + 30_000) + " ms");
				throw ex;
			}
			catch (ExecutionException ex) {
				long millis = elapsed(started);
				this.slowestFailureMillis = Math.max(this.slowestFailureMillis, millis);
				check(millis, phase, "failed");
				if (current.sequenceId().orElse(-1) != before || !current.nextAction().equals(next)) {
					this.problems.add(this.backend + " " + phase + ": the app moved to " + current.sequenceId()
							+ " although its step failed with " + ex.getCause());
				}
				if (ex.getCause() instanceof StateConflictException) {
					// the previous failed save did reach storage: reload, as after losing a race
					this.conflicts++;
					this.app = rebuild();
					long reloaded = this.app.sequenceId().orElse(-1);
					if (reloaded < before + 1) {
						this.problems.add(this.backend + " " + phase + ": a conflict at " + (before + 1)
								+ " but storage reloads at " + reloaded);
					}
					return Outcome.RELOADED;
				}
				if (ex.getCause() instanceof BurrPersistenceException) {
					this.rejected++;
					return Outcome.REJECTED;
				}
				this.problems.add(this.backend + " " + phase + ": a step failed with " + ex.getCause()
						+ " instead of BurrPersistenceException");
				return Outcome.REJECTED;
			}
		}

		private void check(long millis, String phase, String what) {
			if (millis > this.bound.toMillis()) {
				this.problems.add(this.backend + " " + phase + ": a step " + what + " after " + millis
						+ " ms, more than the bound of " + this.bound.toMillis() + " ms");
			}
		}

		private static long elapsed(long started) {
			return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
		}

	}

}
