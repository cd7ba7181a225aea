package dev.burr.sample.chatbot;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.io.TempDir;

/** The restart demo on the default storage: one SQLite file for Burr's steps and the conversations. */
class SqliteRestartTests extends RestartContractTests {

	@TempDir
	Path dataDir;

	@Override
	protected Map<String, Object> properties() {
		return Map.of("chatbot.data-dir", this.dataDir.toString());
	}

}
