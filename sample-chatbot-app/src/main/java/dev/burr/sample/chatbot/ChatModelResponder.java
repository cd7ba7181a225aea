package dev.burr.sample.chatbot;

import java.util.ArrayList;
import java.util.List;

import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.SystemMessage;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.ai.chat.model.ChatModel;

/** Replies from a Spring AI {@link ChatModel}, given the whole conversation. */
public final class ChatModelResponder implements Responder {

	static final String SYSTEM = "You are a friendly, concise assistant in a demo of Burr for Java, a state machine "
			+ "library whose conversations survive restarts and can be forked at any turn.";

	private final ChatModel chatModel;

	public ChatModelResponder(ChatModel chatModel) {
		this.chatModel = chatModel;
	}

	@Override
	public String reply(List<ChatMessage> history) {
		List<Message> messages = new ArrayList<>();
		messages.add(new SystemMessage(SYSTEM));
		for (ChatMessage message : history) {
			messages.add(ChatMessage.ASSISTANT.equals(message.role()) ? new AssistantMessage(message.text())
					: new UserMessage(message.text()));
		}
		String reply = this.chatModel.call(messages.toArray(Message[]::new));
		return (reply != null) ? reply : "";
	}

}
