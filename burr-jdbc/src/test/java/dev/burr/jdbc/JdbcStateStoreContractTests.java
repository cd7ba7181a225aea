package dev.burr.jdbc;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import dev.burr.core.State;
import dev.burr.jdbc.test.TestDatabases;
import dev.burr.persistence.BurrPersistenceException;
import dev.burr.persistence.PersistedState;
import dev.burr.persistence.StateConflictException;
import dev.burr.persistence.StateLayout;
import dev.burr.persistence.StateStore;
import dev.burr.persistence.StateStoreContractTests;
import dev.burr.persistence.Status;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Burr's persister contract plus what the JDBC persister adds (ids, bad rows, batches, clock, concurrent
 * writers), run on one real database per subclass. Every test works on tables of its own and drops them.
 */
abstract class JdbcStateStoreContractTests extends StateStoreContractTests {

	private final List<String> tables = new ArrayList<>();

	/** The database under test. */
	protected abstract DataSource dataSource();

	/** Whether this database stores a U+0000 inside a state string (PostgreSQL JSONB does not). */
	protected boolean storesNulInState() {
		return true;
	}

	/** The SQL expression that turns a text parameter into the {@code state} column type. */
	protected String stateParameter() {
		return "?";
	}

	/** A stored state this database accepts but that is not a JSON object. */
	protected String invalidState() {
		return "{not json";
	}

	@Override
	protected StateStore createUninitializedStore() {
		return builder(newTable()).build();
	}

	@Override
	protected StateStore createSecondInstanceOnSameStorage() {
		return builder(table()).build();
	}

	@Override
	protected StateStore createUninitializedStoreOnOtherStorage() {
		return builder(newTable()).build();
	}

	@AfterEach
	void dropTables() {
		JdbcClient jdbc = JdbcClient.create(dataSource());
		for (String table : this.tables) {
			jdbc.sql("DROP TABLE IF EXISTS " + table).update();
			jdbc.sql("DROP TABLE IF EXISTS " + flywayName(table + "_schema_history")).update();
		}
	}

	/** The layout under test; chains of the delta layout are kept short so that snapshots recur. */
	protected StateLayout layout() {
		return StateLayout.BURR;
	}

	protected JdbcStatePersister.Builder builder(String table) {
		return JdbcStatePersister.builder(dataSource()).tableName(table).layout(layout()).snapshotEvery(3);
	}

	protected String newTable() {
		String table = TestDatabases.uniqueTableName("burr");
		this.tables.add(table);
		return table;
	}

	protected String table() {
		return ((JdbcStatePersister) this.store).getTableName();
	}

	protected JdbcClient jdbc() {
		return JdbcClient.create(dataSource());
	}

	@Test
	void idsWithQuotesAndSemicolonsAreStoredVerbatim() {
		String pk = "o'brien\"; DROP TABLE " + table() + "; --";
		String app = "app ' \" ; \\ `x` %_ ü 🦒";
		String position = "pos'; DELETE FROM " + table() + ";";
		this.store.save(pk, app, 0, position, State.of(Map.of("k", "v")), Status.COMPLETED);
		PersistedState loaded = this.store.load(pk, app).orElseThrow();
		assertThat(loaded.partitionKey()).isEqualTo(pk);
		assertThat(loaded.appId()).isEqualTo(app);
		assertThat(loaded.position()).isEqualTo(position);
		assertThat(this.store.listAppIds(pk)).containsExactly(app);
		assertThat(jdbc().sql("SELECT partition_key FROM " + table()).query(String.class).single()).isEqualTo(pk);
	}

	@Test
	void idsOfTheLongestAllowedLengthAreStoredVerbatim() {
		String pk = "ü".repeat(JdbcStatePersister.MAX_ID_LENGTH);
		String app = "🦒".repeat(JdbcStatePersister.MAX_ID_LENGTH / 2) + "a";
		String position = "p".repeat(JdbcStatePersister.MAX_ID_LENGTH);
		this.store.save(pk, app, 0, position, State.empty(), Status.COMPLETED);
		PersistedState loaded = this.store.load(pk, app, 0L).orElseThrow();
		assertThat(loaded.partitionKey()).isEqualTo(pk);
		assertThat(loaded.appId()).isEqualTo(app);
		assertThat(loaded.position()).isEqualTo(position);
	}

	@Test
	void idsLongerThanTheLimitAreRefusedBeforeAnySql() {
		String longId = "x".repeat(10_000);
		assertThatThrownBy(() -> this.store.save("pk", longId, 0, "p", State.empty(), Status.COMPLETED))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("appId must be at most 255 characters, but has 10000");
		assertThatThrownBy(() -> this.store.save(longId, "app", 0, "p", State.empty(), Status.COMPLETED))
			.hasMessageContaining("partitionKey must be at most 255");
		assertThatThrownBy(() -> this.store.save("pk", "app", 0, longId, State.empty(), Status.COMPLETED))
			.hasMessageContaining("position must be at most 255");
		assertThat(this.store.load("pk", longId)).isEmpty();
		assertThat(jdbc().sql("SELECT COUNT(*) FROM " + table()).query(Long.class).single()).isZero();
	}

	@Test
	void aRowWhoseStateIsNotAJsonObjectFailsTheLoadNamingTableAppAndSequenceId() {
		String columns = (layout() == StateLayout.DELTA)
				? " (partition_key, app_id, sequence_id, position, snapshot, data, status) VALUES ('pk', 'broken', 7, "
						+ "'p', TRUE, "
				: " (partition_key, app_id, sequence_id, position, state, status) VALUES ('pk', 'broken', 7, 'p', ";
		jdbc().sql("INSERT INTO " + table() + columns + stateParameter() + ", 'completed')")
			.param(invalidState())
			.update();
		assertThatThrownBy(() -> this.store.load("pk", "broken")).isInstanceOf(BurrPersistenceException.class)
			.hasMessageContaining("step 7")
			.hasMessageContaining("app 'broken'")
			.hasMessageContaining("table '" + table() + "'")
			.hasMessageContaining("not a JSON object");
		assertThatThrownBy(() -> this.store.history("pk", "broken")).hasMessageContaining("step 7");
	}

	@Test
	void aNulCharacterInStateIsStoredOrRefusedClearly() {
		State state = State.of(Map.of("text", "a\u0000b", "escaped", "\\u0000 is six characters"));
		if (storesNulInState()) {
			this.store.save("pk", "nul", 0, "p", state, Status.COMPLETED);
			assertThat(this.store.load("pk", "nul").orElseThrow().state().asMap()).isEqualTo(state.asMap());
		}
		else {
			assertThatThrownBy(() -> this.store.save("pk", "nul", 0, "p", state, Status.COMPLETED))
				.isInstanceOf(BurrPersistenceException.class)
				.isNotInstanceOf(StateConflictException.class)
				.hasMessageContaining("app 'nul'")
				.hasMessageContaining("U+0000");
			State escapedOnly = State.of(Map.of("escaped", "\\u0000 is six characters"));
			this.store.save("pk", "nul", 0, "p", escapedOnly, Status.COMPLETED);
			assertThat(this.store.load("pk", "nul").orElseThrow().state().asMap()).isEqualTo(escapedOnly.asMap());
		}
	}

	@Test
	void createdAtIsTheApplicationClockInUtc() {
		Instant at = Instant.parse("2024-02-29T23:59:58.123456Z");
		StateStore clocked = builder(table()).clock(Clock.fixed(at, ZoneOffset.ofHours(5))).build();
		clocked.save("pk", "clock", 0, "p", State.empty(), Status.COMPLETED);
		assertThat(this.store.load("pk", "clock").orElseThrow().createdAt()).isEqualTo(at);
		assertThat(this.store.listApps("pk", 0, 1).get(0).lastWrittenAt()).isEqualTo(at);
		assertThat(this.store.pruneOlderThan("pk", "clock", at.plusSeconds(1))).isZero();
	}

	@Test
	void deleteAndPruneWorkInBatches() {
		StateStore batched = builder(table()).batchSize(2).build();
		for (int i = 0; i < 7; i++) {
			batched.save("pk", "app", i, "p" + i, State.of(Map.of("i", i)), Status.COMPLETED);
			batched.save("pk", "other", i, "p" + i, State.empty(), Status.COMPLETED);
		}
		assertThat(batched.pruneKeepLast("pk", "app", 2)).isEqualTo(5);
		assertThat(batched.history("pk", "app")).extracting(PersistedState::sequenceId).containsExactly(5L, 6L);
		assertThat(batched.pruneKeepLast("pk", "app", 2)).isZero();
		assertThat(batched.deleteApp("pk", "other")).isEqualTo(7);
		assertThat(batched.history("pk", "other")).isEmpty();
		assertThat(batched.history("pk", "app")).hasSize(2);
	}

	@Test
	void initializeIsIdempotentAndUsesAPrivateHistoryTable() {
		this.store.initialize();
		this.store.initialize();
		assertThat(this.store.isInitialized()).isTrue();
		List<String> versions = jdbc()
			.sql("SELECT %s FROM %s WHERE %s = TRUE AND %s IS NOT NULL ORDER BY %s".formatted(flywayName("version"),
					flywayName(table() + "_schema_history"), flywayName("success"), flywayName("version"),
					flywayName("installed_rank")))
			.query(String.class)
			.list();
		assertThat(versions).isNotEmpty().doesNotHaveDuplicates();
	}

	/** A name Flyway created, as written in SQL on this database (Flyway quotes its lower-case names). */
	protected String flywayName(String name) {
		return name;
	}

	@Test
	void twoWritersOfOneAppLeaveNoDuplicateAndNoGap() throws Exception {
		int writers = 2;
		int stepsEach = 15;
		ExecutorService pool = Executors.newFixedThreadPool(writers);
		try {
			List<Future<Integer>> conflicts = new ArrayList<>();
			for (int w = 0; w < writers; w++) {
				StateStore writer = builder(table()).build();
				conflicts.add(pool.submit(() -> {
					int seen = 0;
					int written = 0;
					while (written < stepsEach) {
						long next = writer.load("pk", "shared").map(s -> s.sequenceId() + 1).orElse(0L);
						try {
							writer.save("pk", "shared", next, "step", State.of(Map.of("n", next)), Status.COMPLETED);
							written++;
						}
						catch (StateConflictException ex) {
							seen++;
						}
					}
					return seen;
				}));
			}
			for (Future<Integer> f : conflicts) {
				f.get(60, TimeUnit.SECONDS);
			}
		}
		finally {
			pool.shutdownNow();
		}
		List<Long> ids = this.store.history("pk", "shared").stream().map(PersistedState::sequenceId).toList();
		assertThat(ids).hasSize(writers * stepsEach);
		for (int i = 0; i < ids.size(); i++) {
			assertThat(ids.get(i)).isEqualTo(i);
		}
	}

}
