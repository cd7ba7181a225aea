package dev.burr.benchmarks;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import dev.burr.testing.services.TestServices;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A tiny run of every case: a few iterations each (case 7 with 16 apps instead of 64), in memory, on SQLite, and
 * on the PostgreSQL and Redis that {@link TestServices} finds (the environment's, Testcontainers or embedded ones).
 * It checks the output's shape (fields, positive numbers, the table, no step dropped by a write-behind queue),
 * never speed.
 */
class BenchmarkSmokeTests {

	@Test
	void everyCasePrintsJsonLinesWithPositiveFiguresAndATable() {
		Set<String> backends = new LinkedHashSet<>(List.of("memory", "sqlite", "postgres", "redis"));
		System.setProperty(TestServices.POSTGRES_URL, TestServices.postgres().jdbcUrl());
		System.setProperty(TestServices.REDIS_URL, TestServices.redis().uri().toString());
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		BurrBenchmarks.Report report = BurrBenchmarks.run(Settings.smoke().withBackends(backends),
				new PrintStream(bytes, true, StandardCharsets.UTF_8));
		String output = bytes.toString(StandardCharsets.UTF_8);
		System.out.println(output);

		assertThat(report.unavailable()).isEmpty();
		JsonMapper mapper = JsonMapper.builder().build();
		List<JsonNode> lines = new ArrayList<>();
		for (String line : output.split("\n")) {
			if (line.startsWith("{")) {
				lines.add(mapper.readTree(line));
			}
		}
		assertThat(lines).hasSameSizeAs(report.results());
		for (JsonNode line : lines) {
			for (String field : List.of("case", "backend", "unit")) {
				assertThat(line.path(field).asString()).as(field + " of " + line).isNotBlank();
			}
			for (String field : List.of("ours", "raw", "ratio")) {
				assertThat(line.path(field).isNumber()).as(field + " of " + line).isTrue();
				assertThat(line.path(field).asDouble()).as(field + " of " + line).isPositive();
			}
		}
		Set<String> seen = new LinkedHashSet<>();
		lines.forEach(line -> seen.add(line.path("case").asString() + "/" + line.path("backend").asString()));
		for (String backend : backends) {
			assertThat(seen).contains("1-steps/" + backend, "2-load-latest-p50/" + backend,
					"2-load-latest-p99/" + backend, "3-parallel-16/" + backend, "4-growth-time@10/" + backend,
					"4-growth-heap@20/" + backend);
		}
		for (String backend : List.of("sqlite", "postgres", "redis")) {
			assertThat(seen).contains("6-layout-bytes/" + backend, "6-layout-step@20/" + backend,
					"6-layout-flat@20/" + backend, "6-layout-load-latest@20/" + backend, "6-layout-heap@20/" + backend);
		}
		for (String backend : List.of("sqlite", "postgres", "redis")) {
			assertThat(seen).contains("7-sync-group-16/" + backend, "7-sync-single-16/" + backend,
					"7-async-16/" + backend, "7-lone-sync-step/" + backend, "7-async-added-p99/" + backend);
		}
		assertThat(seen).doesNotContain("6-layout-bytes/memory", "7-async-16/memory");
		for (JsonNode line : lines) {
			if (line.path("case").asString().startsWith("7-async-") && line.has("dropped")) {
				assertThat(line.path("dropped").asLong()).as("dropped steps of " + line).isZero();
			}
		}
		assertThat(seen).contains("5-serde-roundtrip/jackson");
		assertThat(output).contains("| case | backend | ours | raw | unit | ratio | target | met |");
	}

}
