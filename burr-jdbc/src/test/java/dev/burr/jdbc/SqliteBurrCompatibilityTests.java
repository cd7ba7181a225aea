package dev.burr.jdbc;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import javax.sql.DataSource;

import dev.burr.core.State;
import dev.burr.jdbc.test.TestDatabases;
import dev.burr.persistence.Status;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** Burr's {@code SQLitePersister} and Burr for Java on one SQLite file. */
class SqliteBurrCompatibilityTests extends BurrCompatibilityTests {

	@TempDir
	static Path directory;

	private static DataSource sqlite;

	@BeforeAll
	static void openDatabase() {
		sqlite = TestDatabases.sqlite(directory.resolve("burr.db"));
	}

	@Override
	protected DataSource dataSource() {
		return sqlite;
	}

	@Override
	protected List<String> burrDdl(String table) {
		return List.of("""
				CREATE TABLE IF NOT EXISTS %s (
				    partition_key TEXT DEFAULT '',
				    app_id TEXT NOT NULL,
				    sequence_id INTEGER NOT NULL,
				    position TEXT NOT NULL,
				    status TEXT NOT NULL,
				    state TEXT NOT NULL,
				    created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
				    PRIMARY KEY (partition_key, app_id, sequence_id, position)
				)""".formatted(table),
				"CREATE INDEX IF NOT EXISTS %s_created_at_index ON %s (created_at);".formatted(table, table));
	}

	@Override
	protected Object burrStateParameter(String json) {
		return json;
	}

	@Override
	protected String burrListAppIds(String table) {
		return "SELECT DISTINCT app_id FROM " + table + " WHERE partition_key = ? ORDER BY created_at DESC";
	}

	@Override
	protected String burrIsInitialized() {
		return "SELECT name FROM sqlite_master WHERE type='table' AND name=?";
	}

	@Override
	protected String uniqueViolationText() {
		return "UNIQUE constraint failed";
	}

	@Test
	void createdAtIsTextThatSortsWithBurrsAndParsesBack() {
		burrDdl(this.table).forEach(statement -> jdbc().sql(statement).update());
		jdbc().sql("INSERT INTO " + this.table + " (partition_key, app_id, sequence_id, position, state, status, "
				+ "created_at) VALUES ('pk', 'old', 0, 'p', '{}', 'completed', '2024-05-01 10:00:00')").update();
		JdbcStatePersister persister = JdbcStatePersister.builder(sqlite).tableName(this.table).build();
		persister.save("pk", "new", 0, "p", State.empty(), Status.COMPLETED);
		assertThat(persister.load("pk", "old").orElseThrow().createdAt())
			.isEqualTo(Instant.parse("2024-05-01T10:00:00Z"));
		assertThat(jdbc().sql("SELECT created_at FROM " + this.table + " WHERE app_id = 'new'")
			.query(String.class)
			.single()).matches("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}\\.\\d{6}");
		assertThat(persister.listAppIds("pk")).containsExactly("new", "old");
	}

}
