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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.burr.core.Application;
import dev.burr.core.StepResult;
import dev.burr.jdbc.JdbcStatePersister;
import dev.burr.jdbc.test.TestDatabase;
import dev.burr.jdbc.test.TestDatabases;
import dev.burr.persistence.BurrPersistenceException;
import dev.burr.persistence.Durability;
import dev.burr.persistence.PersistedState;
import dev.burr.persistence.StateConflictException;
import dev.burr.persistence.StateLayout;
import dev.burr.persistence.StateStore;
import dev.burr.persistence.Status;
import dev.burr.persistence.write.WriteBehind;
import dev.burr.persistence.write.WriteBehindSettings;
import dev.burr.persistence.write.WriteBehindSettings.WhenFull;
import dev.burr.redis.RedisStatePersister;
import dev.burr.redis.test.TestRedis;
import dev.burr.testing.TcpProxy;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Category 2 for {@code Durability.ASYNC}: PostgreSQL or Redis becomes unreachable ({@link TcpProxy} stopped, as in
 * {@link OutageFaultTests}) while two ASYNC applications step, one on a persister whose write-behind queue blocks
 * when full ({@link WhenFull#BLOCK}, {@value #TIMEOUT_MS} ms), one on a persister whose queue fails at once
 * ({@link WhenFull#FAIL}), each of capacity {@value #CAPACITY}.
 * <p>
 * While unreachable: steps return as long as the queue has room, then the BLOCK application's step waits the
 * timeout and fails, the FAIL application's step fails at once, both with a {@link BurrPersistenceException}
 * naming {@code "full (capacity N)"}, and neither application moves; the queue's depth (sampled every
 * millisecond, the states it holds, so the heap it takes) never exceeds its capacity; {@link WriteBehind#writerFailure()}
 * says why the writer cannot store. Once the proxy passes traffic again, the queues drain, the writer failure
 * clears, {@link Application#flush()} succeeds and the applications step on; what is stored has no gap and holds
 * every step that returned. A batch whose commit reached the server but whose answer was lost comes back as a
 * conflict the application's next step or flush raises; it is then rebuilt from storage (counted, not a problem).
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class AsyncOutageFaultTests {

	static final int OUTAGES = 2;

	static final int CAPACITY = 16;

	static final int TIMEOUT_MS = 400;

	static final Duration PG_CONNECTION_TIMEOUT = Duration.ofMillis(1000);

	static final Duration PG_QUERY_TIMEOUT = Duration.ofSeconds(2);

	static final Duration REDIS_COMMAND_TIMEOUT = Duration.ofSeconds(1);

	static final int SNAPSHOT_EVERY = 4;

	/** Allowance for a busy machine. */
	static final Duration SLACK = Duration.ofSeconds(3);

	@ParameterizedTest
	@EnumSource(StateLayout.class)
	void postgresUnreachableAsync(StateLayout layout) throws Exception {
		TestDatabase database = TestDatabases.postgres();
		URI target = URI.create(database.jdbcUrl().substring("jdbc:".length()));
		String table = TestDatabases.uniqueTableName("rel_async_outage");
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
			config.setMaximumPoolSize(4);
			config.setConnectionTimeout(PG_CONNECTION_TIMEOUT.toMillis());
			config.setValidationTimeout(500);
			try (HikariDataSource pool = new HikariDataSource(config)) {
				exercise(name("postgres", layout), (settings) -> JdbcStatePersister.builder(pool)
					.layout(layout)
					.snapshotEvery(SNAPSHOT_EVERY)
					.tableName(table)
					.queryTimeout(PG_QUERY_TIMEOUT)
					.writeBehind(settings)
					.build(), direct, proxy);
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
	void redisUnreachableAsync(StateLayout layout) throws Exception {
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
				exercise(name("redis", layout), (settings) -> RedisStatePersister.builder(factory)
					.namespace(namespace)
					.layout(layout)
					.snapshotEvery(SNAPSHOT_EVERY)
					.writeBehind(settings)
					.build(), direct, proxy);
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

	private static <P extends StateStore & AutoCloseable> void exercise(String backend,
			Function<WriteBehindSettings, P> persisters, StateStore direct, TcpProxy proxy) throws Exception {
		WriteBehindSettings settings = WriteBehindSettings.defaults()
			.withCapacity(CAPACITY)
			.withTimeout(Duration.ofMillis(TIMEOUT_MS));
		Random random = new Random(Summary.seed() ^ backend.hashCode() ^ 0xa5);
		List<Lane> lanes = List.of(
				new Lane(backend, WhenFull.BLOCK, persisters.apply(settings.withWhenFull(WhenFull.BLOCK)), random),
				new Lane(backend, WhenFull.FAIL, persisters.apply(settings.withWhenFull(WhenFull.FAIL)), random));
		List<String> problems = new ArrayList<>();
		AtomicBoolean sampling = new AtomicBoolean(true);
		AtomicInteger deepest = new AtomicInteger();
		Thread sampler = new Thread(() -> {
			while (sampling.get()) {
				for (Lane lane : lanes) {
					deepest.accumulateAndGet(lane.queue.depth(), Math::max);
				}
				try {
					Thread.sleep(1);
				}
				catch (InterruptedException ex) {
					return;
				}
			}
		}, "depth-sampler");
		sampler.setDaemon(true);
		sampler.start();
		long started = System.nanoTime();
		long slowestDrainMillis = 0;
		try {
			for (Lane lane : lanes) {
				lane.app = lane.rebuild();
			}
			for (int outage = 1; outage <= OUTAGES; outage++) {
				for (Lane lane : lanes) {
					for (int i = 0, healthy = 3 + random.nextInt(6); i < healthy; i++) {
						lane.step(problems, "healthy " + outage);
					}
				}
				// the first outage lands while the writers are idle, the second while steps are still queued
				if (outage % 2 == 1) {
					for (Lane lane : lanes) {
						lane.flush(problems, "before outage " + outage);
					}
				}
				proxy.stop();
				for (Lane lane : lanes) {
					lane.fillWhileUnreachable(problems, outage);
				}
				for (Lane lane : lanes) {
					lane.awaitWriterFailure(problems, outage);
				}
				proxy.start();
				long drainStarted = System.nanoTime();
				for (Lane lane : lanes) {
					if (!lane.queue.flush(Duration.ofSeconds(30))) {
						problems.add(lane.name + ": the queue did not drain within 30 s after outage " + outage
								+ " (depth " + lane.queue.depth() + ", writer failure " + lane.queue.writerFailure() + ")");
					}
				}
				slowestDrainMillis = Math.max(slowestDrainMillis,
						TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - drainStarted));
				for (Lane lane : lanes) {
					if (lane.queue.writerFailure().isPresent()) {
						problems.add(lane.name + ": the writer failure " + lane.queue.writerFailure().get()
								+ " is still reported after the queue drained");
					}
					lane.flush(problems, "after outage " + outage);
				}
			}
			for (Lane lane : lanes) {
				for (int i = 0; i < 3; i++) {
					lane.step(problems, "after the last outage");
				}
				lane.flush(problems, "at the end");
			}
		}
		finally {
			sampling.set(false);
			sampler.join(5_000);
			for (Lane lane : lanes) {
				try {
					lane.closer.close();
				}
				catch (Exception ex) {
					problems.add(lane.name + ": closing the persister failed: " + ex);
				}
			}
		}
		long lost = 0;
		for (Lane lane : lanes) {
			List<Stores.StoredStep> stored = direct.history(CounterApp.PARTITION, lane.appId).stream()
				.map(s -> new Stores.StoredStep(s.sequenceId(), s.position(), s.state().get("counter"),
						s.state().get("writer"), s.status() == Status.FAILED))
				.toList();
			problems.addAll(Invariants.problems(lane.name + " async outage", stored));
			Set<Long> storedIds = new HashSet<>();
			stored.forEach(step -> storedIds.add(step.sequenceId()));
			// a step that returned is stored, unless a conflict the application raised later dropped it
			long laneLost = lane.returned.stream().filter(id -> !storedIds.contains(id) && !lane.dropped.contains(id))
				.count();
			if (laneLost > 0) {
				problems.add(lane.name + ": " + laneLost + " steps that returned are not stored");
			}
			lost += laneLost;
			if (Invariants.last(stored) != lane.app.sequenceId().orElse(-1)) {
				problems.add(lane.name + ": the app is at " + lane.app.sequenceId() + " but storage at "
						+ Invariants.last(stored));
			}
		}
		if (deepest.get() > CAPACITY) {
			problems.add(backend + ": a queue held " + deepest.get() + " steps, more than its capacity " + CAPACITY);
		}
		long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
		for (Lane lane : lanes) {
			Summary.print("async-outage", lane.name, lane.attempts, OUTAGES, problems.size(), lost,
					"capacity=" + CAPACITY + " acceptedWhileDown=" + lane.acceptedWhileDown + " fullRefusals="
							+ lane.fullRefusals + " slowestFullMs=" + lane.slowestFullMillis + " (timeout "
							+ ((lane.whenFull == WhenFull.BLOCK) ? TIMEOUT_MS : 0) + ") deepestQueue=" + deepest.get()
							+ " writerFailuresSeen=" + lane.writerFailuresSeen + " slowestDrainMs=" + slowestDrainMillis
							+ " conflictsRebuilt=" + lane.conflicts + " droppedAfterConflict=" + lane.dropped.size()
							+ " returned=" + lane.returned.size() + " time=" + seconds + "s");
		}
		assertThat(problems).isEmpty();
		assertThat(lost).isZero();
		assertThat(deepest.get()).isLessThanOrEqualTo(CAPACITY);
		for (Lane lane : lanes) {
			assertThat(lane.fullRefusals).as("full refusals of %s", lane.name).isGreaterThanOrEqualTo(OUTAGES);
			assertThat(lane.writerFailuresSeen).as("writer failures seen by %s", lane.name).isEqualTo(OUTAGES);
		}
	}

	/** One ASYNC application on a persister of its own, whose queue does {@code whenFull}. */
	private static final class Lane {

		final String name;

		final WhenFull whenFull;

		final StateStore persister;

		final AutoCloseable closer;

		final WriteBehind queue;

		final Random random;

		final String appId = "async-outage-" + UUID.randomUUID();

		/** Sequence ids of the steps that returned. */
		final List<Long> returned = new ArrayList<>();

		/** Sequence ids that returned and were dropped because an earlier step of theirs raised a conflict. */
		final Set<Long> dropped = new HashSet<>();

		Application app;

		long attempts;

		long acceptedWhileDown;

		long fullRefusals;

		long slowestFullMillis;

		long writerFailuresSeen;

		long conflicts;

		<P extends StateStore & AutoCloseable> Lane(String backend, WhenFull whenFull, P persister, Random random) {
			this.name = backend + "-" + whenFull.name().toLowerCase(java.util.Locale.ROOT);
			this.whenFull = whenFull;
			this.persister = persister;
			this.closer = persister;
			this.queue = persister.writeBehind();
			this.random = random;
		}

		Application rebuild() throws InterruptedException {
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
			while (true) {
				try {
					return CounterApp.resume(this.persister, CounterApp.PARTITION, this.appId, "test", this.random, 1,
							Durability.ASYNC);
				}
				catch (BurrPersistenceException ex) {
					if (System.nanoTime() > deadline) {
						throw ex;
					}
					Thread.sleep(100);
				}
			}
		}

		/** A step while the service is up: it must return (or raise a conflict of an ambiguous commit). */
		void step(List<String> problems, String phase) throws InterruptedException {
			this.attempts++;
			long before = this.app.sequenceId().orElse(-1);
			try {
				StepResult result = this.app.step().orElseThrow();
				if (result.sequenceId() != before + 1) {
					problems.add(this.name + " " + phase + ": stepped " + result.sequenceId() + " after " + before);
				}
				this.returned.add(result.sequenceId());
			}
			catch (BurrPersistenceException ex) {
				if (!conflictRebuilt(ex, before, problems, phase)) {
					problems.add(this.name + " " + phase + ": a step failed with " + ex);
				}
			}
		}

		/** Waits for the queue (as long as a busy machine needs), then flushes the app, which must succeed. */
		void flush(List<String> problems, String phase) throws InterruptedException {
			long before = this.app.sequenceId().orElse(-1);
			try {
				this.queue.flush(Duration.ofSeconds(30));
				this.app.flush();
			}
			catch (BurrPersistenceException ex) {
				if (!conflictRebuilt(ex, before, problems, phase)) {
					problems.add(this.name + " " + phase + ": flush failed with " + ex);
				}
			}
		}

		/**
		 * A raised conflict: a batch the outage cut was committed although its answer was lost, and the retry
		 * found its steps stored. The app's later steps were dropped; it is rebuilt from storage.
		 */
		private boolean conflictRebuilt(BurrPersistenceException ex, long before, List<String> problems, String phase)
				throws InterruptedException {
			if (!(ex.getCause() instanceof StateConflictException) || !ex.getMessage().contains("cannot go on")) {
				return false;
			}
			this.conflicts++;
			if (this.app.sequenceId().orElse(-1) != before) {
				problems.add(this.name + " " + phase + ": the app moved although its step raised " + ex);
			}
			this.app = rebuild();
			long reloaded = this.app.sequenceId().orElse(-1);
			for (long id : this.returned) {
				if (id > reloaded) {
					this.dropped.add(id);
				}
			}
			return true;
		}

		/**
		 * Steps while the service is unreachable until the queue refuses one, which must say it is full, after
		 * the timeout (BLOCK) or at once (FAIL), leaving the app where it was; then once more.
		 */
		void fillWhileUnreachable(List<String> problems, int outage) {
			String phase = "outage " + outage;
			long accepted = 0;
			int refusals = 0;
			for (int i = 0; refusals < 2 && i < CAPACITY * 4; i++) {
				this.attempts++;
				long before = this.app.sequenceId().orElse(-1);
				Optional<String> next = this.app.nextAction();
				long started = System.nanoTime();
				try {
					StepResult result = this.app.step().orElseThrow();
					this.returned.add(result.sequenceId());
					accepted++;
				}
				catch (BurrPersistenceException ex) {
					long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
					refusals++;
					if (this.app.sequenceId().orElse(-1) != before || !this.app.nextAction().equals(next)) {
						problems.add(this.name + " " + phase + ": the app moved although its step failed with " + ex);
					}
					if (ex.getCause() instanceof StateConflictException) {
						// an ambiguous commit: the retry found the batch stored; rebuilt once the service is back
						problems.add(this.name + " " + phase + ": raised a conflict while unreachable: " + ex);
						return;
					}
					if (!ex.getMessage().contains("full (capacity " + CAPACITY + ")")) {
						problems.add(this.name + " " + phase + ": a step failed with " + ex + " instead of the queue "
								+ "being full");
						continue;
					}
					this.fullRefusals++;
					this.slowestFullMillis = Math.max(this.slowestFullMillis, millis);
					if (this.whenFull == WhenFull.BLOCK && (millis < TIMEOUT_MS - 20 || millis > TIMEOUT_MS + SLACK.toMillis())) {
						problems.add(this.name + " " + phase + ": a full BLOCK queue refused after " + millis
								+ " ms, not after its timeout of " + TIMEOUT_MS + " ms");
					}
					if (this.whenFull == WhenFull.FAIL && millis >= TIMEOUT_MS) {
						problems.add(this.name + " " + phase + ": a full FAIL queue refused after " + millis
								+ " ms, not at once");
					}
				}
				int depth = this.queue.depth();
				if (depth > CAPACITY) {
					problems.add(this.name + " " + phase + ": the queue holds " + depth + " steps, capacity " + CAPACITY);
				}
			}
			this.acceptedWhileDown += accepted;
			if (refusals == 0) {
				problems.add(this.name + " " + phase + ": " + accepted + " steps returned while unreachable and none "
						+ "was refused");
			}
			if (accepted > CAPACITY) {
				problems.add(this.name + " " + phase + ": " + accepted + " steps were queued while unreachable, more "
						+ "than the capacity " + CAPACITY);
			}
			if (this.queue.depth() != CAPACITY) {
				problems.add(this.name + " " + phase + ": the queue refused a step at depth " + this.queue.depth()
						+ ", capacity " + CAPACITY);
			}
		}

		/** The writer cannot store: {@link WriteBehind#writerFailure()} must say why, soon. */
		void awaitWriterFailure(List<String> problems, int outage) throws InterruptedException {
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
			while (this.queue.writerFailure().isEmpty()) {
				if (System.nanoTime() > deadline) {
					problems.add(this.name + " outage " + outage + ": no writer failure reported within 15 s");
					return;
				}
				Thread.sleep(20);
			}
			if (!(this.queue.writerFailure().get() instanceof BurrPersistenceException)) {
				problems.add(this.name + " outage " + outage + ": the writer failure is "
						+ this.queue.writerFailure().get() + ", not a BurrPersistenceException");
			}
			this.writerFailuresSeen++;
		}

	}

}
