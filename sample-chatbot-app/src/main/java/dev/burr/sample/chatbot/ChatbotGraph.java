package dev.burr.sample.chatbot;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.burr.core.ActionContext;
import dev.burr.core.Actions;
import dev.burr.core.ApplicationBuilder;
import dev.burr.core.Condition;
import dev.burr.core.State;
import dev.burr.core.Transition;

/**
 * The Burr graph of the seed chatbot: {@code human_converse} takes the user's text, {@code ai_converse} appends
 * the {@link Responder}'s reply, and an exit word leads to {@code terminal}.
 *
 * <p>Messages are stored in {@code chat_history} as Burr's chatbot stores them ({@code role}, {@code content}),
 * plus the {@code sequence_id} of the step that wrote them, so that the page can offer a fork at every turn.
 */
public final class ChatbotGraph {

	public static final String HUMAN = "human_converse";

	public static final String AI = "ai_converse";

	public static final String TERMINAL = "terminal";

	public static final String HISTORY = "chat_history";

	public static final String QUESTION = "question";

	/** Words that end a conversation, alone in a message, in any case, with optional trailing punctuation. */
	public static final Condition EXIT_WORD = Condition
		.expr("question.trim().toLowerCase() matches '(exit|quit|bye|goodbye)[.!]*'");

	private ChatbotGraph() {
	}

	/** Adds the chatbot's actions and transitions to {@code builder}. */
	public static ApplicationBuilder define(ApplicationBuilder builder, Responder responder) {
		return builder
			.withAction(HUMAN, Actions.action(List.of(HISTORY), List.of(HISTORY, QUESTION), List.of(QUESTION),
					(state, inputs) -> {
						String question = String.valueOf(inputs.get(QUESTION));
						return state.update(QUESTION, question)
							.append(HISTORY, stored(ChatMessage.USER, question));
					}))
			.withAction(AI, Actions.action(List.of(HISTORY), List.of(HISTORY),
					(state, inputs) -> state.append(HISTORY,
							stored(ChatMessage.ASSISTANT, responder.reply(messages(state))))))
			.withAction(TERMINAL, Actions.result(HISTORY))
			.withTransitions(Transition.of(AI, HUMAN), Transition.of(HUMAN, TERMINAL, EXIT_WORD),
					Transition.of(HUMAN, AI, Condition.DEFAULT));
	}

	/** The state a new conversation starts with. */
	public static Map<String, Object> initialState() {
		return Map.of(HISTORY, List.of());
	}

	/** The messages of {@code chat_history}, as written by {@link #define} (or by Python Burr's chatbot). */
	public static List<ChatMessage> messages(State state) {
		Object history = state.get(HISTORY);
		List<ChatMessage> messages = new ArrayList<>();
		if (history instanceof List<?> list) {
			for (Object item : list) {
				if (item instanceof Map<?, ?> map) {
					Object sequenceId = map.get("sequence_id");
					messages.add(new ChatMessage(String.valueOf(map.get("role")), String.valueOf(map.get("content")),
							(sequenceId instanceof Number number) ? number.longValue() : null));
				}
			}
		}
		return messages;
	}

	private static Map<String, Object> stored(String role, String text) {
		Map<String, Object> message = new LinkedHashMap<>();
		message.put("role", role);
		message.put("content", text);
		message.put("sequence_id", ActionContext.current().sequenceId());
		return message;
	}

}
