package dev.burr.sample.chatbot;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.ai.chat.model.ChatModel;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.ClassUtils;

/**
 * Chooses the {@link Responder}: a Spring AI {@code ChatModel} when the application has exactly one (add a Spring AI
 * model starter, such as {@code spring-ai-starter-model-ollama}, and its properties), else the
 * {@link OfflineResponder}.
 */
@Configuration(proxyBeanMethods = false)
class ResponderConfiguration {

	private static final Logger logger = LoggerFactory.getLogger(ResponderConfiguration.class);

	private static final String CHAT_MODEL = "org.springframework.ai.chat.model.ChatModel";

	@Bean
	Responder responder(ApplicationContext context) {
		if (ClassUtils.isPresent(CHAT_MODEL, getClass().getClassLoader())) {
			Responder fromModel = SpringAi.responder(context);
			if (fromModel != null) {
				return fromModel;
			}
		}
		logger.info("Replies come from the offline responder (no Spring AI ChatModel bean)");
		return new OfflineResponder();
	}

	/** Loaded only when Spring AI is on the class path. */
	private static final class SpringAi {

		static Responder responder(ApplicationContext context) {
			ChatModel chatModel = context.getBeanProvider(ChatModel.class).getIfUnique();
			if (chatModel == null) {
				return null;
			}
			logger.info("Replies come from the Spring AI ChatModel {}", chatModel.getClass().getName());
			return new ChatModelResponder(chatModel);
		}

	}

}
