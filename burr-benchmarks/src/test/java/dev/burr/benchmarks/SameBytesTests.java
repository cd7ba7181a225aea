package dev.burr.benchmarks;

import java.util.List;

import dev.burr.core.Application;
import dev.burr.serde.StateSerde;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The raw baseline writes exactly the state JSON our persister writes (checked on SQLite, which stores text). */
class SameBytesTests {

	@Test
	void rawLoopWritesTheBytesOurPersisterWrites() throws Exception {
		List<String> json = Chatbot.storedJson(6, StateSerde.defaults());
		try (JdbcBackend backend = JdbcBackend.sqlite("same")) {
			Application app = Chatbot.build(backend.ours(), "ours-app", "user-0");
			for (int i = 0; i < json.size(); i++) {
				app.step(Chatbot.inputs(i));
			}
			try (Backend.RawWriter raw = backend.rawWriter(true)) {
				for (int i = 0; i < json.size(); i++) {
					raw.insert("user-0", "raw-app", i, Chatbot.position(i), json.get(i));
				}
			}
			List<String> ours = backend.storedStates(false, "ours-app");
			assertThat(ours).hasSize(6);
			assertThat(backend.storedStates(true, "raw-app")).isEqualTo(ours);
			assertThat(ours.get(5)).contains("\"__SEQUENCE_ID\":5").contains("\"__PRIOR_STEP\":\"ai_converse\"");
		}
	}

}
