package dev.burr.sample.chatbot;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import tools.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The restart demo as a test: start the application, chat three turns over HTTP, stop it, start it again on the
 * same storage, and the conversation goes on with its history. One subclass per storage.
 */
abstract class RestartContractTests {

	/** Properties of the application under test, the same for every start of one test. */
	protected abstract Map<String, Object> properties();

	/** A user id no other run uses, so that reruns on shared servers do not collide. */
	protected static String uniqueUser() {
		return "user-" + UUID.randomUUID().toString().substring(0, 8);
	}

	static final List<String> THREE_TURNS = List.of("user: hello",
			"assistant: Hello! I am Burr's offline demo bot. Every turn is saved, so you can stop the server, start it "
					+ "again and carry on, or fork the conversation at any turn. Say \"bye\" to end.",
			"user: what is burr?",
			"assistant: Burr runs this chat as a state machine: human_converse, then ai_converse, and terminal when "
					+ "you say bye. The graph on the right shows where we are.",
			"user: I like state machines",
			"assistant: Interesting: \"I like state machines\". That is message 3 of our conversation.");

	static void chatThreeTurns(ChatbotClient client, String user, String id) {
		assertThat(client.send(user, id, "hello").get("sequenceId").asLong()).isEqualTo(1);
		assertThat(client.send(user, id, "what is burr?").get("sequenceId").asLong()).isEqualTo(3);
		JsonNode third = client.send(user, id, "I like state machines");
		assertThat(third.get("sequenceId").asLong()).isEqualTo(5);
		assertThat(third.get("currentAction").asString()).isEqualTo(ChatbotGraph.HUMAN);
	}

	@Test
	void conversationContinuesAfterRestart() {
		String user = uniqueUser();
		String id;
		try (RunningChatbot first = RunningChatbot.start(properties())) {
			id = first.client.create(user);
			chatThreeTurns(first.client, user, id);
			assertThat(first.client.transcript(user, id)).containsExactlyElementsOf(THREE_TURNS);
		}
		try (RunningChatbot second = RunningChatbot.start(properties())) {
			JsonNode view = second.client.show(user, id);
			assertThat(view.get("sequenceId").asLong()).isEqualTo(5);
			assertThat(view.get("currentAction").asString()).isEqualTo(ChatbotGraph.HUMAN);
			assertThat(view.get("title").asString()).isEqualTo("hello");
			assertThat(second.client.transcript(user, id)).containsExactlyElementsOf(THREE_TURNS);
			assertThat(second.client.list(user)).containsExactly(id);

			JsonNode fourth = second.client.send(user, id, "what did I say first?");
			assertThat(fourth.get("reply").asString()).isEqualTo("Your first message was \"hello\".");
			assertThat(fourth.get("sequenceId").asLong()).isEqualTo(7);
			assertThat(second.client.transcript(user, id)).hasSize(8).startsWith(THREE_TURNS.toArray(String[]::new));
		}
	}

}
