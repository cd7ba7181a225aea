package dev.burr.jdbc;

import java.util.List;

import javax.sql.DataSource;

import dev.burr.jdbc.test.TestDatabases;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The application's own Flyway migrations are untouched by Burr's private Flyway instance: a plain Flyway run
 * before and after {@link JdbcStatePersister#initialize()} still applies the application's migrations, and
 * neither history table holds the other's.
 */
class FlywayIsolationTests {

	private static final String APP_V1 = "classpath:db/testapp/v1";

	private static final String APP_V2 = "classpath:db/testapp/v2";

	@Test
	void onAFreshH2DatabaseWithDefaultFlywaySettings() {
		DataSource h2 = TestDatabases.h2(TestDatabases.uniqueTableName("flyway_isolation"));
		assertThat(Flyway.configure().dataSource(h2).locations(APP_V1).load().migrate().migrationsExecuted).isOne();
		JdbcStatePersister persister = JdbcStatePersister.builder(h2).build();
		persister.initialize();
		assertThat(persister.isInitialized()).isTrue();
		assertThat(Flyway.configure().dataSource(h2).locations(APP_V1, APP_V2).load().migrate().migrationsExecuted)
			.isOne();
		JdbcClient jdbc = JdbcClient.create(h2);
		assertThat(jdbc.sql("SELECT \"description\" FROM \"flyway_schema_history\" WHERE \"type\" = 'SQL' "
				+ "ORDER BY \"installed_rank\"")
			.query(String.class)
			.list()).containsExactly("app table", "app column");
		assertThat(jdbc.sql("SELECT \"version\" FROM \"burr_state_schema_history\" WHERE \"type\" = 'SQL' "
				+ "ORDER BY \"installed_rank\"")
			.query(String.class)
			.list()).containsExactly("1");
		assertThat(jdbc.sql("SELECT COUNT(note) FROM app_orders").query(Long.class).single()).isZero();
	}

	@Test
	void burrInItsOwnSchemaFirstLeavesTheDefaultSchemaToTheApplicationsFlyway() {
		DataSource h2 = TestDatabases.h2(TestDatabases.uniqueTableName("flyway_isolation"));
		JdbcStatePersister persister = JdbcStatePersister.builder(h2).tableName("burr.burr_state").build();
		persister.initialize();
		assertThat(Flyway.configure().dataSource(h2).locations(APP_V1, APP_V2).load().migrate().migrationsExecuted)
			.isEqualTo(2);
		assertThat(persister.isInitialized()).isTrue();
	}

	@Test
	void onPostgresqlInOneSchemaBeforeAndAfter() {
		DataSource postgres = TestDatabases.postgres().dataSource();
		String schema = TestDatabases.uniqueTableName("app_schema");
		JdbcClient jdbc = JdbcClient.create(postgres);
		try {
			assertThat(Flyway.configure().dataSource(postgres).schemas(schema).locations(APP_V1).load().migrate()
				.migrationsExecuted).isOne();
			JdbcStatePersister persister = JdbcStatePersister.builder(postgres)
				.tableName(schema + ".burr_state")
				.build();
			persister.initialize();
			assertThat(persister.isInitialized()).isTrue();
			assertThat(Flyway.configure().dataSource(postgres).schemas(schema).locations(APP_V1, APP_V2).load()
				.migrate().migrationsExecuted).isOne();
			List<String> appHistory = jdbc.sql("SELECT description FROM " + schema
					+ ".flyway_schema_history WHERE type = 'SQL' ORDER BY installed_rank").query(String.class).list();
			assertThat(appHistory).containsExactly("app table", "app column");
			List<String> burrHistory = jdbc.sql("SELECT version FROM " + schema
					+ ".burr_state_schema_history WHERE type = 'SQL' ORDER BY installed_rank").query(String.class).list();
			assertThat(burrHistory).containsExactly("1", "2");
		}
		finally {
			jdbc.sql("DROP SCHEMA IF EXISTS " + schema + " CASCADE").update();
		}
	}

}
