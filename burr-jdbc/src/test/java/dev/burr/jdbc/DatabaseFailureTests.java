package dev.burr.jdbc;

import java.io.IOException;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import dev.burr.core.State;
import dev.burr.testing.TcpProxy;
import dev.burr.jdbc.test.TestDatabase;
import dev.burr.jdbc.test.TestDatabases;
import dev.burr.persistence.BurrPersistenceException;
import dev.burr.persistence.PersistedState;
import dev.burr.persistence.StateConflictException;
import dev.burr.persistence.Status;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What a save or load does when the database goes away or hangs: it throws {@link BurrPersistenceException} naming
 * the app within the documented bound (the pool's connection timeout to get a connection, the query timeout for
 * a statement), stores nothing, and the same application continues with no gap once the database is back.
 */
abstract class DatabaseFailureTests {

	/** The database under test. */
	protected abstract TestDatabase database();

	/**
	 * A JDBC URL for this database's driver pointing at {@code port} on the local host, with driver timeouts
	 * longer than the pool's connection timeout (they only let the test close its pool quickly).
	 */
	protected abstract String urlOnLocalPort(int port);

	/** SQL run in a transaction of its own that keeps every other session from writing {@code table}. */
	protected abstract List<String> lockTable(String table);


	private static final Pattern HOST_AND_PORT = Pattern.compile("//([^/:?]+):(\\d+)/");

	private final String table = TestDatabases.uniqueTableName("burr_failure");

	private DataSource shared() {
		return database().dataSource();
	}

	/** SQL that releases what {@link #lockTable} took after a rollback, if anything. */
	protected String unlockTables() {
		return "SELECT 1";
	}

	@AfterEach
	void dropTable() {
		JdbcClient.create(shared()).sql("DROP TABLE IF EXISTS " + this.table).update();
		JdbcClient.create(shared()).sql("DROP TABLE IF EXISTS " + this.table + "_schema_history").update();
	}

	private JdbcStatePersister persister(DataSource dataSource, Duration queryTimeout) {
		return JdbcStatePersister.builder(dataSource).tableName(this.table).queryTimeout(queryTimeout).build();
	}

	@Test
	void aSaveOnAClosedPoolFailsNamingTheAppAndTheNextPoolContinuesWithNoGap() {
		HikariDataSource pool = database().newPool(c -> c.setConnectionTimeout(1_000));
		JdbcStatePersister persister = persister(pool, Duration.ofSeconds(2));
		persister.initialize();
		persister.save("pk", "closing-app", 0, "first", State.of(Map.of("n", 0)), Status.COMPLETED);
		pool.close();
		long started = System.nanoTime();
		assertThatThrownBy(() -> persister.save("pk", "closing-app", 1, "second", State.of(Map.of("n", 1)),
				Status.COMPLETED))
			.isInstanceOf(BurrPersistenceException.class)
			.isNotInstanceOf(StateConflictException.class)
			.hasMessageContaining("step 1 of app 'closing-app'")
			.hasMessageContaining("table '" + this.table + "'");
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
		assertThatThrownBy(() -> persister.load("pk", "closing-app")).isInstanceOf(BurrPersistenceException.class)
			.hasMessageContaining("app 'closing-app'");

		JdbcStatePersister back = persister(shared(), Duration.ofSeconds(2));
		assertThat(back.load("pk", "closing-app").orElseThrow().sequenceId()).isZero();
		back.save("pk", "closing-app", 1, "second", State.of(Map.of("n", 1)), Status.COMPLETED);
		assertThat(back.history("pk", "closing-app")).extracting(PersistedState::sequenceId).containsExactly(0L, 1L);
	}

	@Test
	void aSaveDuringAnOutageFailsAndTheSameStoreContinuesWithNoGapOnceTheDatabaseIsBack() throws Exception {
		Matcher server = HOST_AND_PORT.matcher(database().jdbcUrl());
		assertThat(server.find()).as("host and port in " + database().jdbcUrl()).isTrue();
		try (TcpProxy proxy = new TcpProxy(server.group(1), Integer.parseInt(server.group(2))).start();
				HikariDataSource pool = database().newPool(c -> {
					c.setJdbcUrl(server.replaceFirst("//127.0.0.1:" + proxy.port() + "/"));
					c.setConnectionTimeout(1_000);
					c.setMaximumPoolSize(2);
				})) {
			JdbcStatePersister persister = persister(pool, Duration.ofSeconds(2));
			persister.initialize();
			persister.save("pk", "outage-app", 0, "first", State.of(Map.of("n", 0)), Status.COMPLETED);
			proxy.stop();
			long started = System.nanoTime();
			assertThatThrownBy(() -> persister.save("pk", "outage-app", 1, "second", State.of(Map.of("n", 1)),
					Status.COMPLETED))
				.isInstanceOf(BurrPersistenceException.class)
				.isNotInstanceOf(StateConflictException.class)
				.hasMessageContaining("step 1 of app 'outage-app'");
			Duration took = Duration.ofNanos(System.nanoTime() - started);
			System.out.println("Save during an outage failed after " + took.toMillis() + " ms");
			assertThat(took).isLessThan(Duration.ofSeconds(3));
			assertThatThrownBy(() -> persister.load("pk", "outage-app")).isInstanceOf(BurrPersistenceException.class);

			proxy.start();
			persister.save("pk", "outage-app", 1, "second", State.of(Map.of("n", 1)), Status.COMPLETED);
			assertThat(persister.history("pk", "outage-app")).extracting(PersistedState::sequenceId)
				.containsExactly(0L, 1L);
		}
	}

	@Test
	void savesAreCommittedOnAPoolThatDoesNotAutoCommit() {
		try (HikariDataSource pool = database().newPool(c -> {
			c.setAutoCommit(false);
			c.setMaximumPoolSize(2);
		})) {
			JdbcStatePersister persister = persister(pool, Duration.ofSeconds(2));
			persister.initialize();
			persister.save("pk", "manual-commit", 0, "p", State.of(Map.of("n", 0)), Status.COMPLETED);
			persister.save("pk", "manual-commit", 1, "p", State.of(Map.of("n", 1)), Status.COMPLETED);
			assertThat(persister.pruneKeepLast("pk", "manual-commit", 1)).isOne();
		}
		JdbcStatePersister other = persister(shared(), Duration.ofSeconds(2));
		assertThat(other.history("pk", "manual-commit")).extracting(PersistedState::sequenceId).containsExactly(1L);
	}

	@Test
	void aSaveToAnUnreachableDatabaseFailsWithinThePoolsConnectionTimeout() throws IOException {
		try (ServerSocket silent = new ServerSocket(0)) {
			HikariDataSource pool = database().newPool(c -> {
				c.setJdbcUrl(urlOnLocalPort(silent.getLocalPort()));
				c.setConnectionTimeout(1_000);
				c.setInitializationFailTimeout(-1);
			});
			try (pool) {
				JdbcStatePersister persister = persister(pool, Duration.ofSeconds(2));
				long started = System.nanoTime();
				assertThatThrownBy(() -> persister.save("pk", "unreachable-app", 0, "p", State.empty(),
						Status.COMPLETED))
					.isInstanceOf(BurrPersistenceException.class)
					.hasMessageContaining("app 'unreachable-app'");
				Duration took = Duration.ofNanos(System.nanoTime() - started);
				System.out.println("Save against an unreachable database failed after " + took.toMillis()
						+ " ms (pool connection timeout 1000 ms)");
				assertThat(took).isBetween(Duration.ofMillis(900), Duration.ofSeconds(3));
			}
		}
	}

	@Test
	void aSaveBlockedByALockFailsWithinTheQueryTimeoutAndSucceedsOnceReleased() throws Exception {
		JdbcStatePersister persister = persister(shared(), Duration.ofSeconds(1));
		persister.initialize();
		persister.save("pk", "locked-app", 0, "first", State.empty(), Status.COMPLETED);
		try (Connection locker = shared().getConnection(); Statement statement = locker.createStatement()) {
			locker.setAutoCommit(false);
			for (String sql : lockTable(this.table)) {
				statement.execute(sql);
			}
			long started = System.nanoTime();
			assertThatThrownBy(() -> persister.save("pk", "locked-app", 1, "second", State.empty(),
					Status.COMPLETED))
				.isInstanceOf(BurrPersistenceException.class)
				.hasMessageContaining("step 1 of app 'locked-app'");
			Duration took = Duration.ofNanos(System.nanoTime() - started);
			System.out.println("Save blocked by a lock failed after " + took.toMillis() + " ms (query timeout 1 s)");
			assertThat(took).isBetween(Duration.ofMillis(900), Duration.ofSeconds(3));
			locker.rollback();
			statement.execute(unlockTables());
		}
		persister.save("pk", "locked-app", 1, "second", State.empty(), Status.COMPLETED);
		assertThat(persister.history("pk", "locked-app")).extracting(PersistedState::sequenceId)
			.containsExactly(0L, 1L);
	}

}
