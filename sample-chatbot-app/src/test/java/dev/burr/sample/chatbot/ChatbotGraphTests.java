package dev.burr.sample.chatbot;

import java.util.List;
import java.util.Map;

import dev.burr.core.Application;
import dev.burr.core.ApplicationBuilder;
import dev.burr.core.Halt;
import dev.burr.persistence.InMemoryStatePersister;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The chatbot's Burr graph on its own, in memory. */
class ChatbotGraphTests {

	@Test
	void exitWordsLeadToTerminalAndOtherTextToAReply() {
		for (String exit : List.of("exit", "Bye", "  goodbye! ", "QUIT.")) {
			Application app = newApp();
			app.run(Halt.after(ChatbotGraph.AI, ChatbotGraph.TERMINAL), Map.of(ChatbotGraph.QUESTION, exit));
			assertThat(app.nextAction()).as(exit).isEmpty();
			assertThat(app.sequenceId()).hasValue(1);
		}
		for (String text : List.of("exit now", "byebye", "hello")) {
			Application app = newApp();
			app.run(Halt.after(ChatbotGraph.AI, ChatbotGraph.TERMINAL), Map.of(ChatbotGraph.QUESTION, text));
			assertThat(app.nextAction()).as(text).contains(ChatbotGraph.HUMAN);
			assertThat(ChatbotGraph.messages(app.state())).extracting(ChatMessage::role, ChatMessage::sequenceId)
				.containsExactly(org.assertj.core.groups.Tuple.tuple("user", 0L),
						org.assertj.core.groups.Tuple.tuple("assistant", 1L));
		}
	}

	@Test
	void aFailedReplyIsRetriedWhenTheConversationIsOpenedAgain() {
		InMemoryStatePersister persister = new InMemoryStatePersister();
		persister.initialize();
		java.util.concurrent.atomic.AtomicBoolean fail = new java.util.concurrent.atomic.AtomicBoolean(true);
		Responder flaky = history -> {
			if (fail.getAndSet(false)) {
				throw new IllegalStateException("model unavailable");
			}
			return "recovered";
		};
		Application first = open(persister, flaky);
		org.assertj.core.api.Assertions
			.assertThatIllegalStateException()
			.isThrownBy(() -> first.run(Halt.after(ChatbotGraph.AI, ChatbotGraph.TERMINAL),
					Map.of(ChatbotGraph.QUESTION, "hello")))
			.withMessage("model unavailable");

		// What ConversationService.send does before the next message: finish the pending turn.
		Application again = open(persister, flaky);
		assertThat(again.nextAction()).contains(ChatbotGraph.AI);
		again.run(Halt.before(ChatbotGraph.HUMAN).andAfter(ChatbotGraph.TERMINAL), Map.of());
		assertThat(again.nextAction()).contains(ChatbotGraph.HUMAN);
		assertThat(ChatbotGraph.messages(again.state())).extracting(ChatMessage::text, ChatMessage::sequenceId)
			.containsExactly(org.assertj.core.groups.Tuple.tuple("hello", 0L),
					org.assertj.core.groups.Tuple.tuple("recovered", 2L));
	}

	private static Application open(InMemoryStatePersister persister, Responder responder) {
		return ChatbotGraph.define(ApplicationBuilder.create(), responder)
			.withStatePersister(persister)
			.initializeFrom(persister, true, ChatbotGraph.initialState(), ChatbotGraph.HUMAN)
			.withIdentifiers("c", "u")
			.build();
	}

	private static Application newApp() {
		InMemoryStatePersister persister = new InMemoryStatePersister();
		persister.initialize();
		return ChatbotGraph.define(ApplicationBuilder.create(), history -> "reply " + history.size())
			.withStatePersister(persister)
			.initializeFrom(persister, true, ChatbotGraph.initialState(), ChatbotGraph.HUMAN)
			.withIdentifiers("c", "u")
			.build();
	}

}
