package dev.burr.jdbc;

import java.sql.Connection;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import javax.sql.DataSource;

import dev.burr.jdbc.test.TestDatabases;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.SqlParameterValue;

import static org.assertj.core.api.Assertions.assertThat;

/** Burr's {@code PostgreSQLPersister} (psycopg2) and Burr for Java on one PostgreSQL table. */
class PostgresBurrCompatibilityTests extends BurrCompatibilityTests {

	@Override
	protected DataSource dataSource() {
		return TestDatabases.postgres().dataSource();
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
				    state JSONB NOT NULL,
				    created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
				    PRIMARY KEY (partition_key, app_id, sequence_id, position)
				)""".formatted(table),
				"CREATE INDEX IF NOT EXISTS %s_created_at_index ON %s (created_at);".formatted(table, table));
	}

	@Override
	protected Object burrStateParameter(String json) {
		return new SqlParameterValue(Types.OTHER, json);
	}

	@Override
	protected String burrListAppIds(String table) {
		return "SELECT DISTINCT app_id, created_at FROM " + table + " WHERE partition_key = ? ORDER BY created_at DESC";
	}

	@Override
	protected String burrIsInitialized() {
		return "SELECT EXISTS (SELECT FROM information_schema.tables WHERE table_name = ?)";
	}

	@Test
	void afterAdoptionBurrsRowsGetAUtcCreatedAtWhateverTheSessionTimeZone() throws Exception {
		JdbcStatePersister persister = JdbcStatePersister.builder(dataSource()).tableName(this.table).build();
		burrDdl(this.table).forEach(statement -> jdbc().sql(statement).update());
		persister.initialize();
		try (Connection connection = dataSource().getConnection(); Statement statement = connection.createStatement()) {
			statement.execute("SET TIME ZONE 'Pacific/Kiritimati'");
			statement.execute("INSERT INTO " + this.table + " (partition_key, app_id, sequence_id, position, state, "
					+ "status) VALUES ('pk', 'far-east', 0, 'p', '{}', 'completed')");
			statement.execute("RESET TIME ZONE");
		}
		assertThat(persister.load("pk", "far-east").orElseThrow().createdAt())
			.isBetween(Instant.now().minus(Duration.ofMinutes(2)), Instant.now().plus(Duration.ofMinutes(2)));
	}

	@Override
	protected String uniqueViolationText() {
		return "duplicate key value violates unique constraint";
	}

}
