package dev.burr.sample.chatbot;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.MessageType;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/** The responders, and which one the application picks. */
class ResponderTests {

	private final ApplicationContextRunner contexts = new ApplicationContextRunner()
		.withUserConfiguration(ResponderConfiguration.class);

	@Test
	void offlineResponderIsTheDefault() {
		this.contexts.run(context -> assertThat(context).getBean(Responder.class).isInstanceOf(OfflineResponder.class));
	}

	@Test
	void aSpringAiChatModelBeanIsUsedWhenThereIsOne() {
		List<List<Message>> prompts = new ArrayList<>();
		ChatModel model = prompt -> {
			prompts.add(prompt.getInstructions());
			return new ChatResponse(List.of(new Generation(new AssistantMessage("from the model"))));
		};
		this.contexts.withBean(ChatModel.class, () -> model).run(context -> {
			Responder responder = context.getBean(Responder.class);
			assertThat(responder).isInstanceOf(ChatModelResponder.class);
			assertThat(responder.reply(List.of(new ChatMessage("user", "hi", 0L), new ChatMessage("assistant", "hello", 1L),
					new ChatMessage("user", "how are you?", 2L)))).isEqualTo("from the model");
		});
		assertThat(prompts).hasSize(1);
		assertThat(prompts.get(0)).extracting(Message::getMessageType)
			.containsExactly(MessageType.SYSTEM, MessageType.USER, MessageType.ASSISTANT, MessageType.USER);
		assertThat(prompts.get(0).get(3).getText()).isEqualTo("how are you?");
	}

	@Test
	void offlineRepliesAreDeterministicAndRemember() {
		OfflineResponder responder = new OfflineResponder();
		List<ChatMessage> history = List.of(new ChatMessage("user", "Hello", 0L));
		assertThat(responder.reply(history)).startsWith("Hello! I am Burr's offline demo bot.")
			.isEqualTo(responder.reply(history));
		assertThat(responder.reply(List.of(new ChatMessage("user", "pizza", 0L), new ChatMessage("assistant", "x", 1L),
				new ChatMessage("user", "What did I say first?", 2L))))
			.isEqualTo("Your first message was \"pizza\".");
		assertThat(responder.reply(List.of(new ChatMessage("user", "why is the sky blue?", 0L)))).contains("Good question");
		assertThat(responder.reply(List.of(new ChatMessage("user", "I need help", 0L)))).contains("fork");
	}

}
