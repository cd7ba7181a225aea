package dev.burr.jdbc;

import java.util.Map;

import javax.sql.DataSource;

import dev.burr.core.State;
import dev.burr.jdbc.test.TestDatabases;
import dev.burr.persistence.StateStore;
import dev.burr.persistence.Status;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The persister contract on H2. */
class H2StatePersisterTests extends JdbcStateStoreContractTests {

	private static final DataSource H2 = TestDatabases.h2("burr_contract");

	@Override
	protected DataSource dataSource() {
		return H2;
	}

	@Override
	protected String flywayName(String name) {
		return "\"" + name + "\"";
	}

	@Test
	void aSchemaQualifiedTableIsCreatedAndCheckedInItsSchemaOnly() {
		String schema = TestDatabases.uniqueTableName("burr_schema");
		String table = table();
		try {
			StateStore qualified = JdbcStatePersister.builder(dataSource()).tableName(schema + "." + table).build();
			assertThat(qualified.isInitialized()).isFalse();
			qualified.initialize();
			assertThat(qualified.isInitialized()).isTrue();
			qualified.save("pk", "app", 0, "p", State.of(Map.of("in", schema)), Status.COMPLETED);
			assertThat(qualified.load("pk", "app").orElseThrow().state().get("in")).isEqualTo(schema);
			assertThat(this.store.load("pk", "app")).isEmpty();
		}
		finally {
			jdbc().sql("DROP SCHEMA IF EXISTS " + schema + " CASCADE").update();
		}
	}

}
