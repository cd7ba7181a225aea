package dev.burr.jdbc;

import java.sql.Types;
import java.util.List;

import javax.sql.DataSource;

import dev.burr.jdbc.test.TestDatabases;
import org.springframework.jdbc.core.SqlParameterValue;

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

	@Override
	protected String uniqueViolationText() {
		return "duplicate key value violates unique constraint";
	}

}
