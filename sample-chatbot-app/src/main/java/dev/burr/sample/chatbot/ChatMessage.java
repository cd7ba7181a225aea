package dev.burr.sample.chatbot;

import org.jspecify.annotations.Nullable;

/**
 * One message of a conversation, as the API shows it.
 *
 * @param role {@code user} or {@code assistant}
 * @param text what was said
 * @param sequenceId the Burr step that wrote it: fork at this id to keep everything up to and including it
 */
public record ChatMessage(String role, String text, @Nullable Long sequenceId) {

	public static final String USER = "user";

	public static final String ASSISTANT = "assistant";

}
