package dev.burr.boot.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import dev.burr.core.Application;
import dev.burr.jdbc.JdbcStatePersister;
import dev.burr.jdbc.test.TestDatabase;
import dev.burr.jdbc.test.TestDatabases;
import dev.burr.persistence.StatePersister;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample application on real PostgreSQL, in a schema of its own: its Flyway migrations and Burr's apply into
 * separate history tables, on first start and on restart; steps are observed; Actuator shows them.
 */
@SpringBootTest(classes = SampleApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "management.endpoints.web.exposure.include=burr,health",
				"management.endpoint.health.show-details=always", "management.health.redis.enabled=false",
				"spring.data.redis.repositories.enabled=false" })
class PostgresApplicationTests {

	private static final String SCHEMA = "burr_boot_" + UUID.randomUUID().toString().substring(0, 8);

	@Autowired
	private SampleApplication.Counters counters;

	@Autowired
	private StatePersister persister;

	@Autowired
	private JdbcTemplate jdbc;

	@Autowired
	private MeterRegistry meters;

	@LocalManagementPort
	private int port;

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) throws SQLException {
		TestDatabase database = TestDatabases.postgres();
		try (Connection connection = database.dataSource().getConnection();
				Statement statement = connection.createStatement()) {
			statement.execute("CREATE SCHEMA " + SCHEMA);
		}
		for (Map.Entry<String, String> property : properties(database).entrySet()) {
			registry.add(property.getKey(), property::getValue);
		}
	}

	static Map<String, String> properties(TestDatabase database) {
		String url = database.jdbcUrl() + (database.jdbcUrl().contains("?") ? "&" : "?") + "currentSchema=" + SCHEMA;
		Map<String, String> properties = new java.util.LinkedHashMap<>();
		properties.put("spring.datasource.url", url);
		if (database.username() != null) {
			properties.put("spring.datasource.username", database.username());
			properties.put("spring.datasource.password", database.password());
		}
		return properties;
	}

	@AfterAll
	static void dropSchema() throws SQLException {
		try (Connection connection = TestDatabases.postgres().dataSource().getConnection();
				Statement statement = connection.createStatement()) {
			statement.execute("DROP SCHEMA " + SCHEMA + " CASCADE");
		}
	}

	@Test
	void applicationAndBurrMigrationsApplyIntoSeparateHistoryTablesOnFirstStartAndOnRestart() {
		assertThat(this.persister).isInstanceOf(JdbcStatePersister.class);
		assertThat(tables()).contains("orders", "burr_state", "flyway_schema_history", "burr_state_schema_history");
		List<String> appVersions = versions("flyway_schema_history");
		List<String> burrVersions = versions("burr_state_schema_history");
		assertThat(appVersions).containsExactly("1", "2");
		assertThat(burrVersions).contains("0").hasSizeGreaterThan(1);
		assertThat(columns("orders")).contains("total");

		Application first = this.counters.counter("restarted");
		first.step();
		first.step();

		Map<String, Object> properties = new java.util.LinkedHashMap<>(properties(TestDatabases.postgres()));
		properties.put("spring.main.web-application-type", "none");
		properties.put("management.health.redis.enabled", "false");
		try (ConfigurableApplicationContext restarted = new SpringApplicationBuilder(SampleApplication.class)
			.properties(properties)
			.run()) {
			assertThat(versions("flyway_schema_history")).isEqualTo(appVersions);
			assertThat(versions("burr_state_schema_history")).isEqualTo(burrVersions);
			Application resumed = restarted.getBean(SampleApplication.Counters.class).counter("restarted");
			assertThat(resumed.sequenceId()).hasValue(1);
			assertThat(resumed.state().get("count", Integer.class)).isEqualTo(2);
		}
	}

	@Test
	void threeStepsMakeTheStepTimerAndTheSaveAndLoadTimersWithoutAppIds() {
		String appId = "metered-" + UUID.randomUUID();
		Application app = this.counters.counter(appId);
		app.step();
		app.step();
		app.step();
		assertThat(this.meters.get("burr.step").tag("action", "count").timer().count()).isGreaterThanOrEqualTo(3);
		assertThat(this.meters.get("burr.persistence.save").tag("backend", "jdbc").timer().count())
			.isGreaterThanOrEqualTo(3);
		assertThat(this.meters.get("burr.persistence.load").tag("backend", "jdbc").timer().count())
			.isGreaterThanOrEqualTo(1);
		assertThat(this.meters.getMeters()).allSatisfy((meter) -> assertThat(meter.getId().getTags())
			.noneMatch((tag) -> tag.getValue().contains(appId) || tag.getValue().contains("user-1")));
	}

	@Test
	void actuatorShowsOneAppsHistoryAsJsonAndBurrHealth() throws Exception {
		Application app = this.counters.counter("shown");
		app.step();
		app.step();
		HttpResponse<String> history = get("/actuator/burr/shown?partitionKey=user-1");
		assertThat(history.statusCode()).isEqualTo(200);
		assertThat(history.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type.toLowerCase(Locale.ROOT)).contains("json"));
		assertThat(history.body()).contains("\"appId\":\"shown\"")
			.contains("\"sequenceId\":1")
			.contains("\"count\":2");
		assertThat(get("/actuator/burr/nobody?partitionKey=user-1").statusCode()).isEqualTo(404);
		assertThat(get("/actuator/burr?partitionKey=user-1").body()).contains("\"appId\":\"shown\"");
		HttpResponse<String> health = get("/actuator/health/burr");
		assertThat(health.statusCode()).isEqualTo(200);
		assertThat(health.body()).contains("\"status\":\"UP\"").contains("\"backend\":\"jdbc\"");
	}

	private HttpResponse<String> get(String path) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path)).build();
		return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
	}

	private List<String> tables() {
		return this.jdbc.queryForList(
				"SELECT table_name FROM information_schema.tables WHERE table_schema = ?", String.class, SCHEMA);
	}

	private List<String> columns(String table) {
		return this.jdbc.queryForList("SELECT column_name FROM information_schema.columns "
				+ "WHERE table_schema = ? AND table_name = ?", String.class, SCHEMA, table);
	}

	private List<String> versions(String historyTable) {
		return this.jdbc.queryForList("SELECT version FROM " + SCHEMA + "." + historyTable
				+ " WHERE success AND version IS NOT NULL ORDER BY installed_rank", String.class);
	}

}
