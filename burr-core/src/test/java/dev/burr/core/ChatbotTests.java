package dev.burr.core;

import java.util.List;
import java.util.Map;

import dev.burr.persistence.InMemoryStatePersister;
import dev.burr.persistence.PersistedState;
import dev.burr.persistence.StatePersister;
import dev.burr.serde.StateSerde;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** The seed's chatbot: three turns, dropped, rebuilt on the same persister, and forked. */
class ChatbotTests {

	private final StatePersister persister = new InMemoryStatePersister();

	static ApplicationBuilder chatbot() {
		return ApplicationBuilder.create()
			.withAction("human_converse", Actions.action(List.of("chat_history"), List.of("chat_history", "question"),
					List.of("question"), (state, inputs) -> state.update("question", inputs.get("question"))
						.append("chat_history", Map.of("role", "user", "content", inputs.get("question")))))
			.withAction("ai_converse", Actions.action(List.of("chat_history", "question"), List.of("chat_history"),
					(state, inputs) -> state.append("chat_history",
							Map.of("role", "assistant", "content", "You said: " + state.get("question")))))
			.withAction("terminal", Actions.result("chat_history"))
			.withTransitions(Transition.of("ai_converse", "human_converse"),
					Transition.of("human_converse", "terminal", Condition.expr("question.contains('exit')")),
					Transition.of("human_converse", "ai_converse", Condition.DEFAULT));
	}

	private Application build(String appId, boolean resume) {
		return chatbot().withStatePersister(this.persister)
			.initializeFrom(this.persister, resume, Map.of("chat_history", List.of()), "human_converse")
			.withIdentifiers(appId, "user-1")
			.build();
	}

	private static void turn(Application app, String question) {
		app.run(Halt.after("ai_converse", "terminal"), Map.of("question", question));
	}

	@Test
	void threeTurnsSurviveARebuildAndContinueAtTheRightAction() {
		Application app = build("conv-1", true);
		turn(app, "hello");
		turn(app, "how are you");
		turn(app, "tell me more");
		assertThat(app.sequenceId()).hasValue(5);
		List<?> history = app.state().get("chat_history", List.class);
		assertThat(history).hasSize(6);

		Application resumed = build("conv-1", true);
		assertThat(resumed.sequenceId()).hasValue(5);
		assertThat(resumed.nextAction()).contains("human_converse");
		assertThat(resumed.state().get("chat_history")).isEqualTo(history);
		resumed.step(Map.of("question", "exit now"));
		assertThat(resumed.nextAction()).contains("terminal");
		StepResult last = resumed.step().orElseThrow();
		assertThat(last.action()).isEqualTo("terminal");
		assertThat(last.sequenceId()).isEqualTo(7);
		assertThat((List<?>) last.result().get("chat_history")).hasSize(7);
		assertThat(resumed.step()).isEmpty();
	}

	@Test
	void restartWithoutResumeStartsAtTheEntrypointKeepingTheState() {
		Application app = build("conv-2", true);
		turn(app, "hello");
		app.step(Map.of("question", "again"));
		assertThat(app.nextAction()).contains("ai_converse");

		Application restarted = build("conv-2", false);
		assertThat(restarted.nextAction()).contains("human_converse");
		assertThat(restarted.state().get("chat_history", List.class)).hasSize(3);
		assertThat(restarted.sequenceId()).hasValue(2);
		assertThat(restarted.step(Map.of("question", "restart")).orElseThrow().sequenceId()).isEqualTo(3);
	}

	@Test
	void forkAtSequenceTwoContinuesUnderANewIdAndLeavesTheOriginal() {
		Application app = build("conv-3", true);
		turn(app, "one");
		turn(app, "two");
		turn(app, "three");
		PersistedState originalLatest = this.persister.load("user-1", "conv-3").orElseThrow();

		Application fork = chatbot().withStatePersister(this.persister)
			.initializeFrom(this.persister, true, Map.of("chat_history", List.of()), "human_converse")
			.forkFrom("conv-3", null, 2L)
			.withIdentifiers("conv-3-fork", "user-1")
			.build();
		assertThat(fork.sequenceId()).hasValue(2);
		assertThat(fork.parentPointer()).contains(new ParentPointer("conv-3", "user-1", 2L));
		assertThat(fork.state().get("chat_history", List.class)).hasSize(3);
		assertThat(fork.nextAction()).contains("ai_converse");
		fork.step();
		assertThat(this.persister.load("user-1", "conv-3-fork").orElseThrow().sequenceId()).isEqualTo(3);
		assertThat(this.persister.load("user-1", "conv-3").orElseThrow()).isEqualTo(originalLatest);
	}

	@Test
	void storedJsonIsBurrsFlatObject() {
		Application app = build("conv-4", true);
		app.step(Map.of("question", "hi"));
		PersistedState stored = this.persister.load("user-1", "conv-4").orElseThrow();
		String json = StateSerde.defaults().toJson(stored.state());
		JsonMapper mapper = JsonMapper.builder().build();
		assertThat(mapper.readTree(json)).isEqualTo(mapper.readTree("{\"chat_history\": [{\"role\": \"user\", "
				+ "\"content\": \"hi\"}], \"question\": \"hi\", \"__SEQUENCE_ID\": 0, \"__PRIOR_STEP\": \"human_converse\"}"));
	}

}
