package dev.burr.tracking;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** Lines appended to one log by several JVMs at once stay whole. */
class MultiProcessAppendTests {

	@TempDir
	Path root;

	@Test
	void threeProcessesAppendingLongLinesToOneFileNeverTearThem() throws Exception {
		Path file = this.root.resolve("log.jsonl");
		Path javaBin = Path.of(System.getProperty("java.home"), "bin", "java");
		List<String> writers = List.of("x", "y", "z");
		int perWriter = 100;
		List<Process> processes = new ArrayList<>();
		for (String writer : writers) {
			processes.add(new ProcessBuilder(javaBin.toString(), "-cp", System.getProperty("java.class.path"),
					AppendLinesMain.class.getName(), file.toString(), writer, String.valueOf(perWriter))
				.redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.DISCARD)
				.start());
		}
		for (Process process : processes) {
			assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
			assertThat(process.exitValue()).isZero();
		}
		List<JsonNode> lines = TrackerFiles.lines(file);
		assertThat(lines).hasSize(writers.size() * perWriter);
		for (String writer : writers) {
			assertThat(lines).filteredOn(line -> line.get("writer").asString().equals(writer))
				.extracting(line -> line.get("i").asInt())
				.containsExactlyElementsOf(IntStream.range(0, perWriter).boxed().toList());
		}
		assertThat(lines).allSatisfy(line -> assertThat(line.get("filler").asString())
			.isEqualTo(line.get("writer").asString().repeat(30_000)));
	}

}
