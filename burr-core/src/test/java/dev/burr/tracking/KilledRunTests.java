package dev.burr.tracking;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.burr.core.Application;
import dev.burr.persistence.PersistedState;
import dev.burr.persistence.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** A JVM killed with SIGKILL in the middle of a step leaves a log that loads to the last completed step. */
class KilledRunTests {

	@TempDir
	Path root;

	@Test
	void aKilledRunResumesFromItsLastCompletedStep() throws Exception {
		Path java = Path.of(System.getProperty("java.home"), "bin", "java");
		Process child = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
				KilledRunMain.class.getName(), this.root.toString(), "victim", "8")
			.redirectErrorStream(true)
			.start();
		String inside;
		try (BufferedReader out = new BufferedReader(
				new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
			String line;
			do {
				line = out.readLine();
			}
			while (line != null && !line.startsWith("inside "));
			inside = line;
			child.destroyForcibly();
			assertThat(child.waitFor(30, TimeUnit.SECONDS)).as("child killed").isTrue();
		}
		finally {
			child.destroyForcibly();
		}
		assertThat(inside).as("the child reached the hanging step").isEqualTo("inside 7");
		assertThat(child.exitValue()).isEqualTo(137);

		Path log = this.root.resolve("killed_runs/victim/log.jsonl");
		List<JsonNode> begins = TrackerFiles.lines(log, "begin_entry");
		List<JsonNode> ends = TrackerFiles.lines(log, "end_entry");
		assertThat(begins).hasSize(8);
		assertThat(ends).hasSize(7);

		LocalTrackingClient tracker = new LocalTrackingClient("killed_runs", this.root);
		PersistedState latest = tracker.load("killed", "victim").orElseThrow();
		assertThat(latest.sequenceId()).isEqualTo(6);
		assertThat(latest.status()).isEqualTo(Status.COMPLETED);
		assertThat(latest.state().get("counter")).isEqualTo(7);
		assertThat(tracker.listAppIds("killed")).containsExactly("victim");

		Application resumed = KilledRunMain.build(tracker, "victim", -1);
		assertThat(resumed.sequenceId()).hasValue(6);
		assertThat(resumed.state().get("counter")).isEqualTo(7);
		assertThat(resumed.step().orElseThrow().sequenceId()).isEqualTo(7);
		assertThat(resumed.state().get("counter")).isEqualTo(8);
		assertThat(tracker.load("killed", "victim").orElseThrow().sequenceId()).isEqualTo(7);
		assertThat(TrackerFiles.lines(log, "begin_entry")).hasSize(9);
	}

}
