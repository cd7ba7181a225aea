package dev.burr.sample.chatbot;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.burr.jdbc.test.TestDatabase;
import dev.burr.jdbc.test.TestDatabases;
import tools.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code postgres} profile on a real PostgreSQL ({@code BURR_TEST_POSTGRES_URL}, else Testcontainers, else
 * embedded binaries, else a failure saying how to provide one), with a Burr table of this run: the restart demo,
 * and two instances serving one conversation alternately.
 */
class PostgresTests extends RestartContractTests {

	/** A schema of this run for the application's Flyway and tables, so that reruns never meet. */
	private static final String SCHEMA = TestDatabases.uniqueTableName("chatbot");

	private static final String TABLE = TestDatabases.uniqueTableName("chatbot_state");

	@AfterAll
	static void dropSchema() throws java.sql.SQLException {
		try (java.sql.Connection connection = TestDatabases.postgres().dataSource().getConnection();
				java.sql.Statement statement = connection.createStatement()) {
			statement.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
		}
	}

	@Override
	protected Map<String, Object> properties() {
		TestDatabase database = TestDatabases.postgres();
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("spring.profiles.active", "postgres");
		String url = database.jdbcUrl();
		properties.put("spring.datasource.url", url + (url.contains("?") ? "&" : "?") + "currentSchema=" + SCHEMA);
		properties.put("spring.flyway.schemas", SCHEMA);
		if (database.username() != null) {
			properties.put("spring.datasource.username", database.username());
			properties.put("spring.datasource.password", database.password());
		}
		properties.put("burr.persistence.jdbc.table-name", TABLE);
		return properties;
	}

	@Test
	void twoInstancesServeOneConversationAlternately() {
		String user = uniqueUser();
		try (RunningChatbot a = RunningChatbot.start(properties()); RunningChatbot b = RunningChatbot.start(properties())) {
			assertThat(a.port).isNotEqualTo(b.port);
			String id = a.client.create(user);
			for (int turn = 1; turn <= 6; turn++) {
				RunningChatbot instance = (turn % 2 == 1) ? a : b;
				JsonNode reply = instance.client.send(user, id, "turn " + turn + " via " + ((turn % 2 == 1) ? "a" : "b"));
				assertThat(reply.get("sequenceId").asLong()).as("turn %d", turn).isEqualTo(2L * turn - 1);
			}
			List<String> fromA = a.client.transcript(user, id);
			assertThat(fromA).isEqualTo(b.client.transcript(user, id)).hasSize(12);
			for (int turn = 1; turn <= 6; turn++) {
				assertThat(fromA.get(2 * (turn - 1)))
					.isEqualTo("user: turn " + turn + " via " + ((turn % 2 == 1) ? "a" : "b"));
				assertThat(fromA.get(2 * turn - 1)).startsWith("assistant: ")
					.endsWith("\"turn " + turn + " via " + ((turn % 2 == 1) ? "a" : "b")
							+ "\". That is message " + turn + " of our conversation.");
			}
			JsonNode view = b.client.show(user, id);
			List<Long> sequenceIds = view.get("messages").valueStream().map(m -> m.get("sequenceId").asLong()).toList();
			assertThat(sequenceIds).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L);
		}
	}

}
