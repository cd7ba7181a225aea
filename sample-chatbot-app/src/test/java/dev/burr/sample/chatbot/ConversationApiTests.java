package dev.burr.sample.chatbot;

import java.util.List;
import java.util.Map;

import dev.burr.persistence.StateStore;
import tools.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/** The REST contract over real HTTP on the default SQLite storage: fork, finish, graph, list and bad input. */
class ConversationApiTests extends RunningAppTests {

	@Autowired
	StateStore store;

	@Autowired
	ConversationRepository conversations;

	@Test
	void createAnswers201WithIdAndLocation() {
		String user = uniqueUser();
		ChatbotClient.Reply created = client().post(ChatbotClient.conversations(user), "").expect(201);
		String id = created.body().get("id").asString();
		JsonNode view = client().show(user, id);
		assertThat(view.get("messages").size()).isZero();
		assertThat(view.get("currentAction").asString()).isEqualTo(ChatbotGraph.HUMAN);
		assertThat(view.get("sequenceId").isNull()).isTrue();
		assertThat(view.get("finished").asBoolean()).isFalse();
	}

	@Test
	void forkAtSequenceTwoHoldsOnlyWhatCameBeforeAndLeavesTheOriginalUnchanged() {
		ChatbotClient client = client();
		String user = uniqueUser();
		String original = client.create(user);
		RestartContractTests.chatThreeTurns(client, user, original);
		List<String> before = client.transcript(user, original);

		String fork = client.fork(user, original, 2);
		JsonNode forked = client.show(user, fork);
		assertThat(forked.get("forkedFrom").asString()).isEqualTo(original);
		assertThat(forked.get("forkedAt").asLong()).isEqualTo(2);
		assertThat(forked.get("sequenceId").asLong()).isEqualTo(2);
		// Burr's fork: the state as step 2 stored it, so the messages of steps 0 to 2, and the reply is next.
		assertThat(client.transcript(user, fork)).containsExactlyElementsOf(before.subList(0, 3));
		assertThat(forked.get("currentAction").asString()).isEqualTo(ChatbotGraph.AI);

		JsonNode turn = client.send(user, fork, "what did I say first?");
		assertThat(turn.get("reply").asString()).isEqualTo("Your first message was \"hello\".");
		assertThat(turn.get("sequenceId").asLong()).isEqualTo(5);
		assertThat(client.transcript(user, fork)).hasSize(6)
			.startsWith(before.subList(0, 4).toArray(String[]::new))
			.endsWith("user: what did I say first?", "assistant: Your first message was \"hello\".");
		assertThat(client.transcript(user, original)).isEqualTo(before);
		assertThat(this.store.history(user, original)).hasSize(6);
		assertThat(this.store.history(user, fork)).extracting(s -> s.sequenceId()).containsExactly(3L, 4L, 5L);

		// A fork of the fork at a step it inherited comes from the original's step.
		String again = client.fork(user, fork, 1);
		assertThat(client.transcript(user, again)).containsExactlyElementsOf(before.subList(0, 2));
		assertThat(client.show(user, again).get("currentAction").asString()).isEqualTo(ChatbotGraph.HUMAN);
		assertThat(client.list(user)).containsExactly(again, fork, original);
	}

	@Test
	void racingMessagesNeverLoseOrDuplicateAStep() throws Exception {
		ChatbotClient client = client();
		String user = uniqueUser();
		String id = client.create(user);
		java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
		try {
			List<java.util.concurrent.Future<ChatbotClient.Reply>> replies = new java.util.ArrayList<>();
			for (int i = 0; i < 8; i++) {
				String text = "racing " + i;
				replies.add(pool.submit(() -> client.post(ChatbotClient.conversations(user) + "/" + id + "/messages",
						Map.of("text", text))));
			}
			int answered = 0;
			for (java.util.concurrent.Future<ChatbotClient.Reply> reply : replies) {
				ChatbotClient.Reply done = reply.get();
				assertThat(done.status()).as("%s", done.body()).isIn(200, 409);
				if (done.status() == 409) {
					assertProblem(done, 409, null);
				}
				else {
					answered++;
				}
			}
			assertThat(answered).isPositive();
		}
		finally {
			pool.shutdownNow();
		}
		JsonNode view = client.show(user, id);
		List<Long> sequenceIds = view.get("messages").valueStream().map(m -> m.get("sequenceId").asLong()).toList();
		assertThat(sequenceIds).isEqualTo(java.util.stream.LongStream.range(0, sequenceIds.size()).boxed().toList());
		List<String> roles = view.get("messages").valueStream().map(m -> m.get("role").asString()).toList();
		for (int i = 0; i < roles.size(); i++) {
			assertThat(roles.get(i)).isEqualTo((i % 2 == 0) ? "user" : "assistant");
		}
		assertThat(view.get("currentAction").asString()).isEqualTo(ChatbotGraph.HUMAN);
		assertThat(this.store.history(user, id)).hasSize(sequenceIds.size());
	}

	@Test
	void anExitWordFinishesTheConversation() {
		ChatbotClient client = client();
		String user = uniqueUser();
		String id = client.create(user);
		client.send(user, id, "hello");
		JsonNode bye = client.send(user, id, "Bye!");
		assertThat(bye.get("finished").asBoolean()).isTrue();
		assertThat(bye.get("currentAction").asString()).isEqualTo(ChatbotGraph.TERMINAL);
		assertThat(bye.get("sequenceId").asLong()).isEqualTo(3);
		assertThat(client.get(ChatbotClient.conversations(user) + "/" + id + "/graph").expect(200).body()
			.get("mermaid").asString()).contains("a2[\"terminal\"]").contains("class a2 current");

		ChatbotClient.Reply refused = client.post(ChatbotClient.conversations(user) + "/" + id + "/messages",
				Map.of("text", "are you there?"));
		assertProblem(refused, 409, "has ended");
		assertThat(this.store.history(user, id)).hasSize(4);
	}

	@Test
	void graphMarksTheCurrentAction() {
		ChatbotClient client = client();
		String user = uniqueUser();
		String id = client.create(user);
		JsonNode graph = client.get(ChatbotClient.conversations(user) + "/" + id + "/graph").expect(200).body();
		String mermaid = graph.get("mermaid").asString();
		assertThat(mermaid).startsWith("flowchart TD").contains("a0[\"human_converse\"]")
			.contains("a1[\"ai_converse\"]").contains("a0 --> a1").contains("a1 --> a0")
			.contains("class a0 current");
		assertThat(graph.get("currentAction").asString()).isEqualTo(ChatbotGraph.HUMAN);
	}

	@Test
	void conversationsAreListedNewestFirstPerUser() throws InterruptedException {
		ChatbotClient client = client();
		String user = uniqueUser();
		String first = client.create(user);
		Thread.sleep(5);
		String second = client.create(user);
		Thread.sleep(5);
		String third = client.create(user);
		client.send(user, first, "hello there");
		assertThat(client.list(user)).containsExactly(third, second, first);
		assertThat(client.get(ChatbotClient.conversations(user)).body().get(2).get("title").asString())
			.isEqualTo("hello there");
		assertThat(client.list(uniqueUser())).isEmpty();
		// Another user's conversation is unknown to this one.
		assertProblem(client.get(ChatbotClient.conversations(uniqueUser()) + "/" + first), 404, "no conversation");
	}

	@Test
	void badInputIsAProblemDetailAndStoresNothing() {
		ChatbotClient client = client();
		String user = uniqueUser();
		String id = client.create(user);
		client.send(user, id, "hello");
		String path = ChatbotClient.conversations(user) + "/" + id;

		assertProblem(client.post(path + "/messages", Map.of("text", "")), 400, "must not be empty");
		assertProblem(client.post(path + "/messages", Map.of("text", "   \n ")), 400, "must not be empty");
		assertProblem(client.post(path + "/messages", Map.of()), 400, "must not be empty");
		assertProblem(client.post(path + "/messages", "{not json"), 400, null);
		assertProblem(client.post(path + "/messages", Map.of("text", "x".repeat(1024 * 1024))), 413,
				"1048576 characters; the limit is 4000");
		assertProblem(client.post(ChatbotClient.conversations(user) + "/no-such-id/messages", Map.of("text", "hi")),
				404, "has no conversation 'no-such-id'");
		assertProblem(client.get(ChatbotClient.conversations(user) + "/no-such-id"), 404, "no-such-id");
		assertProblem(client.get(ChatbotClient.conversations(user) + "/no-such-id/graph"), 404, "no-such-id");
		assertProblem(client.post(path + "/fork", Map.of("sequenceId", 7)), 422, "has no step 7; its steps are 0 to 1");
		assertProblem(client.post(path + "/fork", Map.of("sequenceId", -1)), 422, "has no step -1");
		assertProblem(client.post(path + "/fork", Map.of()), 400, "needs a sequenceId");
		assertProblem(client.post(ChatbotClient.conversations(user) + "/no-such-id/fork", Map.of("sequenceId", 0)),
				404, "no-such-id");
		assertProblem(client.post(ChatbotClient.conversations("bad user!") , ""), 400, "The user must be");

		assertThat(this.store.history(user, id)).hasSize(2);
		assertThat(this.store.history(user, "no-such-id")).isEmpty();
		assertThat(client.list(user)).containsExactly(id);
		assertThat(this.conversations.findByUserIdOrderByCreatedAtDesc(user)).hasSize(1);
		assertThat(client.transcript(user, id)).hasSize(2);
	}

	static void assertProblem(ChatbotClient.Reply reply, int status, String detail) {
		assertThat(reply.status()).as("status of %s", reply.body()).isEqualTo(status);
		assertThat(reply.contentType()).startsWith("application/problem+json");
		assertThat(reply.body().get("status").asInt()).isEqualTo(status);
		assertThat(reply.body().get("title").asString()).isNotBlank();
		if (detail != null) {
			assertThat(reply.body().get("detail").asString()).contains(detail);
		}
	}

}
