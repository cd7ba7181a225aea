package dev.burr.jdbc;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import dev.burr.core.State;
import dev.burr.jdbc.test.TestDatabases;
import dev.burr.persistence.BurrPersistenceException;
import dev.burr.persistence.PersistedState;
import dev.burr.persistence.StateConflictException;
import dev.burr.persistence.Status;
import dev.burr.serde.StateSerde;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Burr for Java and Python Burr share one table: rows written with Burr's exact SQL (reference section 2 and
 * appendix B) load through the persister, rows the persister writes come back through Burr's exact SELECTs,
 * and a table made by Burr's DDL is adopted with its rows. One subclass per database Burr supports.
 */
abstract class BurrCompatibilityTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final List<String> tables = new ArrayList<>();

	protected String table;

	/** The database under test. */
	protected abstract DataSource dataSource();

	/** Burr's {@code initialize()} DDL for {@code table}, one statement per element. */
	protected abstract List<String> burrDdl(String table);

	/** The state parameter as Burr's driver sends it (PostgreSQL: untyped text, cast to JSONB by the server). */
	protected abstract Object burrStateParameter(String json);

	/** Burr's {@code list_app_ids} query on this database. */
	protected abstract String burrListAppIds(String table);

	/** Burr's {@code is_initialized} query on this database, with the table name as its only parameter. */
	protected abstract String burrIsInitialized();

	/** Part of this database's message for a unique violation. */
	protected abstract String uniqueViolationText();

	@BeforeEach
	void newTable() {
		this.table = TestDatabases.uniqueTableName("burr_compat");
		this.tables.add(this.table);
	}

	@AfterEach
	void dropTables() {
		for (String t : this.tables) {
			jdbc().sql("DROP TABLE IF EXISTS " + t).update();
			jdbc().sql("DROP TABLE IF EXISTS " + t + "_schema_history").update();
		}
	}

	protected JdbcClient jdbc() {
		return JdbcClient.create(dataSource());
	}

	private JdbcStatePersister persister() {
		return JdbcStatePersister.builder(dataSource()).tableName(this.table).build();
	}

	private void burrInitialize() {
		burrDdl(this.table).forEach(statement -> jdbc().sql(statement).update());
	}

	private void burrInsert(String partitionKey, String appId, long sequenceId, String position, String json,
			String status) {
		jdbc().sql("INSERT INTO " + this.table
				+ " (partition_key, app_id, sequence_id, position, state, status) VALUES (?, ?, ?, ?, ?, ?)")
			.params(partitionKey, appId, sequenceId, position, burrStateParameter(json), status)
			.update();
	}

	/** Burr's counter app: three completed steps, then a failed fourth holding the state before it. */
	private void burrCountsToThreeThenFails() {
		for (int i = 0; i < 3; i++) {
			burrInsert("user-1", "count-app", i, "counter",
					"{\"counter\": " + (i + 1) + ", \"__SEQUENCE_ID\": " + i + ", \"__PRIOR_STEP\": \"counter\"}",
					"completed");
		}
		burrInsert("user-1", "count-app", 3, "counter",
				"{\"counter\": 3, \"__SEQUENCE_ID\": 2, \"__PRIOR_STEP\": \"counter\"}", "failed");
		burrInsert("", "no-partition", 0, "start", "{\"greeting\": \"h\\u00e9llo\", \"__SEQUENCE_ID\": 0, "
				+ "\"__PRIOR_STEP\": \"start\"}", "completed");
	}

	private void assertBurrRowsLoad(JdbcStatePersister persister) {
		PersistedState latest = persister.load("user-1", "count-app").orElseThrow();
		assertThat(latest.sequenceId()).isEqualTo(3);
		assertThat(latest.position()).isEqualTo("counter");
		assertThat(latest.status()).isEqualTo(Status.FAILED);
		assertThat(latest.state().asMap())
			.isEqualTo(Map.of("counter", 3, "__SEQUENCE_ID", 2, "__PRIOR_STEP", "counter"));
		assertThat(latest.createdAt()).isBetween(Instant.now().minusSeconds(120), Instant.now().plusSeconds(120));
		PersistedState second = persister.load("user-1", "count-app", 1L).orElseThrow();
		assertThat(second.status()).isEqualTo(Status.COMPLETED);
		assertThat(second.state().get("counter", Integer.class)).isEqualTo(2);
		assertThat(persister.load(null, "no-partition").orElseThrow().state().get("greeting")).isEqualTo("héllo");
		assertThat(persister.history("user-1", "count-app")).extracting(PersistedState::sequenceId)
			.containsExactly(0L, 1L, 2L, 3L);
		assertThat(persister.listAppIds("user-1")).containsExactly("count-app");
	}

	@Test
	void rowsBurrInsertedLoadThroughThePersisterBeforeAndAfterAdoption() {
		burrInitialize();
		burrCountsToThreeThenFails();
		JdbcStatePersister persister = persister();
		assertBurrRowsLoad(persister);
		persister.initialize();
		assertBurrRowsLoad(persister);
	}

	@Test
	void rowsThePersisterWritesAreReadByBurrsSelects() {
		JdbcStatePersister persister = persister();
		persister.initialize();
		State first = State.of(Map.of("chat_history", List.of(Map.of("role", "user", "content", "hi \"there\"")),
				"__SEQUENCE_ID", 0, "__PRIOR_STEP", "human_converse"));
		State second = first.update("answer", "ünïcødé 🦒").update("__SEQUENCE_ID", 1).update("__PRIOR_STEP", "ai");
		persister.save("user-1", "chat", 0, "human_converse", first, Status.COMPLETED);
		persister.save("user-1", "chat", 1, "ai", second, Status.COMPLETED);
		persister.save(null, "no-partition", 0, "start", first, Status.FAILED);

		String select = "SELECT position, state, sequence_id, app_id, created_at, status FROM " + this.table;
		Map<String, Object> latest = jdbc()
			.sql(select + " WHERE partition_key = ? AND app_id = ? ORDER BY sequence_id DESC LIMIT 1")
			.params("user-1", "chat")
			.query()
			.singleRow();
		assertThat(latest).containsEntry("position", "ai").containsEntry("status", "completed");
		assertThat(((Number) latest.get("sequence_id")).longValue()).isEqualTo(1);
		assertSameJson(latest.get("state"), second);
		assertThat(latest.get("created_at")).isNotNull();

		Map<String, Object> exact = jdbc().sql(select + " WHERE partition_key = ? AND app_id = ? AND sequence_id = ?")
			.params("user-1", "chat", 0)
			.query()
			.singleRow();
		assertThat(exact).containsEntry("position", "human_converse");
		assertSameJson(exact.get("state"), first);

		Map<String, Object> newestOfPartition = jdbc()
			.sql(select + " WHERE partition_key = ? ORDER BY CREATED_AT DESC LIMIT 1")
			.param("user-1")
			.query()
			.singleRow();
		assertThat(newestOfPartition).containsEntry("app_id", "chat").containsEntry("position", "ai");

		Map<String, Object> noPartition = jdbc().sql(select + " WHERE partition_key = ? AND app_id = ?")
			.params("", "no-partition")
			.query()
			.singleRow();
		assertThat(noPartition).containsEntry("status", "failed");

		List<String> listed = jdbc().sql(burrListAppIds(this.table))
			.param("user-1")
			.query((rs, n) -> rs.getString("app_id"))
			.list();
		assertThat(listed).contains("chat").allMatch("chat"::equals);
		assertThat(jdbc().sql(burrIsInitialized()).param(this.table).query().listOfRows()).isNotEmpty();
	}

	private static void assertSameJson(Object stored, State expected) {
		assertThat(JSON.readTree(String.valueOf(stored)))
			.isEqualTo(JSON.readTree(StateSerde.defaults().toJson(expected)));
	}

	@Test
	void aTableMadeByBurrsDdlIsAdoptedWithItsRows() {
		burrInitialize();
		burrCountsToThreeThenFails();
		JdbcStatePersister persister = persister();
		assertThat(persister.isInitialized()).as("Burr's table lacks the one-row-per-step index").isFalse();
		persister.initialize();
		assertThat(persister.isInitialized()).isTrue();
		assertThat(jdbc().sql("SELECT COUNT(*) FROM " + this.table).query(Long.class).single()).isEqualTo(5);
		assertBurrRowsLoad(persister);

		assertThatThrownBy(() -> persister.save("user-1", "count-app", 3, "other_action", State.empty(),
				Status.COMPLETED))
			.isInstanceOf(StateConflictException.class);
		assertThatThrownBy(() -> burrInsert("user-1", "count-app", 3, "other_action", "{}", "completed"))
			.as("Burr itself can no longer fork a step")
			.isInstanceOf(DataAccessException.class)
			.hasStackTraceContaining(uniqueViolationText());

		burrInsert("user-1", "count-app", 4, "counter",
				"{\"counter\": 4, \"__SEQUENCE_ID\": 4, \"__PRIOR_STEP\": \"counter\"}", "completed");
		PersistedState burrAfterAdoption = persister.load("user-1", "count-app").orElseThrow();
		assertThat(burrAfterAdoption.sequenceId()).isEqualTo(4);
		assertThat(burrAfterAdoption.createdAt()).as("Burr's rows get a UTC created_at")
			.isBetween(Instant.now().minus(Duration.ofMinutes(2)), Instant.now().plus(Duration.ofMinutes(2)));
		persister.save("user-1", "count-app", 5, "counter", State.of(Map.of("counter", 5)), Status.COMPLETED);
		assertThat(persister.history("user-1", "count-app")).extracting(PersistedState::sequenceId)
			.containsExactly(0L, 1L, 2L, 3L, 4L, 5L);
	}

	@Test
	void adoptingABurrTableWithTwoRowsForOneStepFailsNamingTheTableAndKeepsTheRows() {
		burrInitialize();
		burrInsert("pk", "forked", 1, "a", "{}", "completed");
		burrInsert("pk", "forked", 1, "b", "{}", "completed");
		JdbcStatePersister persister = persister();
		assertThatThrownBy(persister::initialize).isInstanceOf(BurrPersistenceException.class)
			.hasMessageContaining("Cannot migrate Burr table '" + this.table + "'");
		assertThat(persister.isInitialized()).isFalse();
		assertThat(jdbc().sql("SELECT COUNT(*) FROM " + this.table).query(Long.class).single()).isEqualTo(2);
	}

}
