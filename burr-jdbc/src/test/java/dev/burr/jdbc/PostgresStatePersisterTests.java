package dev.burr.jdbc;

import java.util.Map;

import javax.sql.DataSource;

import dev.burr.core.State;
import dev.burr.jdbc.test.TestDatabases;
import dev.burr.persistence.StateStore;
import dev.burr.persistence.Status;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The persister contract on PostgreSQL ({@code state} JSONB). */
class PostgresStatePersisterTests extends JdbcStateStoreContractTests {

	@Override
	protected DataSource dataSource() {
		return TestDatabases.postgres().dataSource();
	}

	@Override
	protected boolean storesNulInState() {
		return false;
	}

	@Override
	protected String stateParameter() {
		return "CAST(? AS JSONB)";
	}

	@Override
	protected String invalidState() {
		return "[1, 2]";
	}

	@Test
	void stateIsStoredAsJsonb() {
		assertThat(jdbc().sql("SELECT data_type FROM information_schema.columns WHERE table_schema = current_schema() "
				+ "AND table_name = ? AND column_name = 'state'").param(table()).query(String.class).single())
			.isEqualTo("jsonb");
	}

	@Test
	void aSchemaQualifiedTableIsCreatedAndCheckedInItsSchemaOnly() {
		String schema = TestDatabases.uniqueTableName("burr_schema");
		String table = table();
		try {
			StateStore qualified = JdbcStatePersister.builder(dataSource()).tableName(schema + "." + table).build();
			assertThat(qualified.isInitialized()).as("same-named table in the current schema does not count").isFalse();
			qualified.initialize();
			assertThat(qualified.isInitialized()).isTrue();
			qualified.save("pk", "app", 0, "p", State.of(Map.of("in", schema)), Status.COMPLETED);
			assertThat(qualified.load("pk", "app").orElseThrow().state().get("in")).isEqualTo(schema);
			assertThat(this.store.load("pk", "app")).isEmpty();
			assertThat(jdbc().sql("SELECT COUNT(*) FROM " + schema + "." + table).query(Long.class).single()).isOne();
		}
		finally {
			jdbc().sql("DROP SCHEMA IF EXISTS " + schema + " CASCADE").update();
		}
	}

}
