package dev.burr.sample.chatbot;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Base of the tests that share one running application on an SQLite file of their own. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.main.banner-mode=off", "logging.level.root=warn" })
abstract class RunningAppTests {

	private static final Path DATA_DIR;

	static {
		try {
			DATA_DIR = Files.createTempDirectory("chatbot-test");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@DynamicPropertySource
	static void dataDir(DynamicPropertyRegistry registry) {
		registry.add("chatbot.data-dir", DATA_DIR::toString);
	}

	@LocalServerPort
	int port;

	@Autowired
	ConversationService service;

	ChatbotClient client() {
		return new ChatbotClient(this.port);
	}

	static String uniqueUser() {
		return "user-" + UUID.randomUUID().toString().substring(0, 8);
	}

}
