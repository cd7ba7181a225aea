package dev.burr.sample.chatbot;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** The real application, started with {@link SpringApplication} on a free port, stopped by {@link #close}. */
final class RunningChatbot implements AutoCloseable {

	private final ConfigurableApplicationContext context;

	final ChatbotClient client;

	final int port;

	private RunningChatbot(ConfigurableApplicationContext context) {
		this.context = context;
		this.port = Integer.parseInt(context.getEnvironment().getRequiredProperty("local.server.port"));
		this.client = new ChatbotClient(this.port);
	}

	static RunningChatbot start(Map<String, ?> properties) {
		Map<String, Object> all = new LinkedHashMap<>();
		all.put("server.port", "0");
		all.put("spring.main.banner-mode", "off");
		all.put("logging.level.root", "warn");
		all.putAll(properties);
		// As command line arguments, so that they win over application.properties.
		String[] args = all.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
		SpringApplication application = new SpringApplicationBuilder(ChatbotApplication.class)
			.web(WebApplicationType.SERVLET)
			.build();
		return new RunningChatbot(application.run(args));
	}

	<T> T bean(Class<T> type) {
		return this.context.getBean(type);
	}

	@Override
	public void close() {
		this.context.close();
	}

}
