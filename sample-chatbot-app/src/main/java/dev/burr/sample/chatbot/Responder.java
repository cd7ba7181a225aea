package dev.burr.sample.chatbot;

import java.util.List;

/**
 * Writes the assistant's reply. The default is {@link OfflineResponder}; when the application has a Spring AI
 * {@code ChatModel} bean, {@link ChatModelResponder} is used instead. Define a bean of this type to use your own.
 */
@FunctionalInterface
public interface Responder {

	/**
	 * The reply to the conversation so far.
	 * @param history every message so far, oldest first; the last one is the user's message to answer
	 */
	String reply(List<ChatMessage> history);

}
