package dev.burr.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import dev.burr.core.Actions;
import dev.burr.core.Application;
import dev.burr.core.ApplicationBuilder;
import dev.burr.core.State;
import dev.burr.core.Transition;
import dev.burr.persistence.Durability;
import dev.burr.persistence.InMemoryStatePersister;
import dev.burr.persistence.StateSaver;
import dev.burr.serde.StateSerde;
import org.jspecify.annotations.Nullable;

/**
 * The chatbot-like application every persisted-step case runs: {@code human_converse} appends the user's
 * question and {@code ai_converse} appends a canned answer, so each step appends one message of about 1 KB to
 * {@code chat_history}. Message texts are drawn from a fixed set of 64 pseudo-random texts (so stored JSON
 * compresses like text, not like one repeated string), picked by position in the history: every conversation
 * writes the same bytes at the same step, which lets the raw baselines write exactly what we write.
 */
final class Chatbot {

	static final int MESSAGE_CHARS = 1024;

	private static final List<String> MESSAGES = messages();

	static final String HUMAN = "human_converse";

	static final String AI = "ai_converse";

	private Chatbot() {
	}

	/** The message at position {@code index} of a history. */
	static String message(int index) {
		return MESSAGES.get(index % MESSAGES.size());
	}

	/** The action that runs as step {@code sequenceId} (0-based) of a conversation. */
	static String position(long sequenceId) {
		return (sequenceId % 2 == 0) ? HUMAN : AI;
	}

	/** A new conversation saving through {@code saver}. */
	static Application build(StateSaver saver, String appId, String partitionKey) {
		return build(saver, appId, partitionKey, Durability.SYNC);
	}

	/** A new conversation saving through {@code saver} (none when {@code null}) with {@code durability}. */
	static Application build(@Nullable StateSaver saver, String appId, String partitionKey, Durability durability) {
		ApplicationBuilder builder = ApplicationBuilder.create()
			.withAction(HUMAN, Actions.action(List.of("chat_history"), List.of("chat_history", "question"),
					List.of("question"), (state, inputs) -> state.update("question", inputs.get("question"))
						.append("chat_history", Map.of("role", "user", "content", inputs.get("question")))))
			.withAction(AI, Actions.action(List.of("chat_history", "question"), List.of("chat_history"),
					(state, inputs) -> state.append("chat_history", Map.of("role", "assistant", "content",
							message(state.get("chat_history", List.class).size())))))
			.withTransitions(Transition.of(HUMAN, AI), Transition.of(AI, HUMAN))
			.withState(Map.of("chat_history", List.of()))
			.withEntrypoint(HUMAN)
			.withDurability(durability)
			.withIdentifiers(appId, partitionKey);
		if (saver != null) {
			builder.withStatePersister(saver);
		}
		return builder.build();
	}

	/** The inputs of the next step of {@code app}, whose history holds {@code historySize} messages. */
	static Map<String, Object> inputs(int historySize) {
		return Map.of("question", message(historySize));
	}

	/** The state JSON a conversation stores at steps 0 to {@code steps - 1}, as our serde writes it. */
	static List<String> storedJson(int steps, StateSerde serde) {
		InMemoryStatePersister memory = new InMemoryStatePersister();
		Application app = build(memory, "reference", "user");
		List<String> json = new ArrayList<>(steps);
		for (int i = 0; i < steps; i++) {
			app.step(inputs(i));
			json.add(serde.toJson(memory.load("user", "reference", (long) i).orElseThrow().state()));
		}
		return json;
	}

	/** A state of about {@code kilobytes} KB: a chat history of 1 KB messages and a few scalars. */
	static State stateOfKilobytes(int kilobytes) {
		List<Object> history = new ArrayList<>();
		for (int i = 0; i < kilobytes; i++) {
			history.add(Map.of("role", (i % 2 == 0) ? "user" : "assistant", "content", message(i)));
		}
		return State.of(Map.of("chat_history", history, "question", message(0), "turns", kilobytes, "score", 0.75,
				"done", false)).update(State.SEQUENCE_ID_KEY, (long) kilobytes).update(State.PRIOR_STEP_KEY, AI);
	}

	private static List<String> messages() {
		String[] words = { "state", "machine", "persist", "resume", "fork", "action", "transition", "burr", "java",
				"spring", "redis", "postgres", "sqlite", "the", "a", "of", "to", "and", "is", "in", "that", "it",
				"conversation", "answer", "question", "model", "token", "latency", "throughput", "table" };
		Random random = new Random(42);
		List<String> out = new ArrayList<>();
		for (int m = 0; m < 64; m++) {
			StringBuilder text = new StringBuilder(MESSAGE_CHARS + 16);
			while (text.length() < MESSAGE_CHARS) {
				text.append(words[random.nextInt(words.length)]).append(' ');
			}
			text.setLength(MESSAGE_CHARS);
			out.add(text.toString());
		}
		return List.copyOf(out);
	}

}
