package dev.burr.tracking;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import dev.burr.core.State;
import dev.burr.persistence.PersistedState;
import dev.burr.persistence.Status;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** Every application directory Python Burr wrote (shared/fixtures/burr-ui) loads through our client. */
class BurrFixtureLoadTests {

	static Stream<Path> fixtureApps() throws IOException {
		Path root = TrackerFiles.fixtures();
		try (Stream<Path> files = Files.walk(root, 3)) {
			List<Path> apps = files.filter(path -> path.getFileName().toString().equals("log.jsonl"))
				.map(Path::getParent).sorted().toList();
			assertThat(apps).as("fixture apps under " + root).hasSize(4);
			return apps.stream();
		}
	}

	private static LocalTrackingClient client(Path appDir) {
		return new LocalTrackingClient(appDir.getParent().getFileName().toString(),
				appDir.getParent().getParent());
	}

	private static @Nullable String partitionKey(Path appDir) {
		JsonNode key = TrackerFiles.json(appDir.resolve("metadata.json")).get("partition_key");
		return key.isNull() ? null : key.asString();
	}

	private static State expectedState(JsonNode endEntry) {
		Map<String, Object> values = TrackerFiles.MAPPER.convertValue(endEntry.get("state"),
				TrackerFiles.MAPPER.getTypeFactory().constructMapType(LinkedHashMap.class, String.class, Object.class));
		values.keySet().removeIf(key -> key.startsWith("__"));
		values.put(State.SEQUENCE_ID_KEY, endEntry.get("sequence_id").asLong());
		return State.of(values);
	}

	@ParameterizedTest
	@MethodSource("fixtureApps")
	void everyStepLoadsExactlyAndTheLastOneLoadsAsLatest(Path appDir) {
		LocalTrackingClient client = client(appDir);
		String appId = appDir.getFileName().toString();
		List<JsonNode> ends = TrackerFiles.lines(appDir.resolve("log.jsonl"), "end_entry");
		assertThat(ends).isNotEmpty();
		for (JsonNode end : ends) {
			long seq = end.get("sequence_id").asLong();
			PersistedState loaded = client.load(partitionKey(appDir), appId, seq).orElseThrow();
			assertThat(loaded.sequenceId()).isEqualTo(seq);
			assertThat(loaded.position()).isEqualTo(end.get("action").asString());
			assertThat(loaded.state()).isEqualTo(expectedState(end));
			assertThat(loaded.state().containsKey(State.PRIOR_STEP_KEY)).isFalse();
			assertThat(loaded.status()).isEqualTo(end.get("exception").isNull() ? Status.COMPLETED : Status.FAILED);
			assertThat(loaded.appId()).isEqualTo(appId);
		}
		JsonNode last = ends.get(ends.size() - 1);
		PersistedState latest = client.load(partitionKey(appDir), appId).orElseThrow();
		assertThat(latest.sequenceId()).isEqualTo(last.get("sequence_id").asLong());
		assertThat(latest.state()).isEqualTo(expectedState(last));
		assertThat(client.load(partitionKey(appDir), appId, 10_000L)).isEmpty();
	}

	@Test
	void theLastStepOfTheErrorDemoLoadsAsFailedWithThePreStepState() {
		Path appDir = TrackerFiles.fixtures().resolve("demo_chatbot/chat-6-demonstrate-errors");
		PersistedState latest = client(appDir).load(null, "chat-6-demonstrate-errors").orElseThrow();
		assertThat(latest.status()).isEqualTo(Status.FAILED);
		assertThat(latest.sequenceId()).isEqualTo(3);
		assertThat(latest.position()).isEqualTo("decide_mode");
		assertThat(latest.state().get("prompt")).isEqualTo("Please draw a giraffe.");
		assertThat(latest.state().containsKey("mode")).isFalse();
		assertThat(client(appDir).load(null, "chat-6-demonstrate-errors", 2L).orElseThrow().status())
			.isEqualTo(Status.COMPLETED);
	}

	@Test
	void theCounterDemoBelongsToPartitionUser1() {
		Path appDir = TrackerFiles.fixtures().resolve("demo_counter/count-to-10");
		LocalTrackingClient client = client(appDir);
		PersistedState latest = client.load("user_1", "count-to-10").orElseThrow();
		assertThat(latest.partitionKey()).isEqualTo("user_1");
		assertThat(latest.state().asMap()).containsEntry("counter", 10).containsEntry("count_to", 10);
		assertThat(latest.position()).isEqualTo("result");
		assertThat(client.load(null, "count-to-10")).isEmpty();
		assertThat(client.load("", "count-to-10", 3L)).isEmpty();
		assertThat(client.load("user_2", "count-to-10")).isEmpty();
		assertThat(client.listAppIds("user_1")).containsExactly("count-to-10");
		assertThat(client.listAppIds(null)).isEmpty();
	}

	@Test
	void chatbotDemosHaveNoPartitionKeyAndAreListedUnderNullAndEmpty() {
		LocalTrackingClient client = new LocalTrackingClient("demo_chatbot", TrackerFiles.fixtures());
		assertThat(client.listAppIds(null)).containsExactlyInAnyOrder("chat-1-giraffe", "chat-6-demonstrate-errors");
		assertThat(client.listAppIds("")).containsExactlyInAnyOrderElementsOf(client.listAppIds(null));
		assertThat(client.load("", "chat-1-giraffe")).isPresent();
		assertThat(client.load("someone", "chat-1-giraffe")).isEmpty();
		assertThat(client.load(null, "no-such-app")).isEmpty();
	}

	@Test
	void createdAtIsTheEndTimeOfTheEntryInTheClientsZone() {
		Path appDir = TrackerFiles.fixtures().resolve("demo_counter/count-to-10");
		LocalTrackingClient client = LocalTrackingClient.builder("demo_counter")
			.storageDir(appDir.getParent().getParent())
			.clock(java.time.Clock.system(java.time.ZoneOffset.UTC))
			.build();
		assertThat(client.load("user_1", "count-to-10", 10L).orElseThrow().createdAt())
			.isEqualTo(java.time.Instant.parse("2024-08-27T11:59:58.579020Z"));
	}

}
