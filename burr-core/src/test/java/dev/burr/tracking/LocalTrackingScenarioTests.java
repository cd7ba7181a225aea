package dev.burr.tracking;

import java.io.File;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;

import dev.burr.core.ActionContext;
import dev.burr.core.Actions;
import dev.burr.core.Application;
import dev.burr.core.ApplicationBuilder;
import dev.burr.core.Condition;
import dev.burr.core.Halt;
import dev.burr.core.State;
import dev.burr.core.Transition;
import dev.burr.persistence.InMemoryStatePersister;
import dev.burr.persistence.PersistedState;
import dev.burr.persistence.Status;
import dev.burr.serde.StateSerde;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Burr's local tracker scenarios E38 to E47 (reference section 6), in Java. */
class LocalTrackingScenarioTests {

	@TempDir
	Path root;

	private LocalTrackingClient tracker() {
		return new LocalTrackingClient("test_project", this.root);
	}

	private Path appDir(String appId) {
		return this.root.resolve("test_project").resolve(appId);
	}

	private static long count(Path log, String type) {
		return TrackerFiles.lines(log, type).size();
	}

	/** counter -> counter while counter < max, else result; the counter opens a span and logs an attribute. */
	private static ApplicationBuilder counter(int max, int brokenAt) {
		return ApplicationBuilder.create()
			.withAction("counter", Actions.action(List.of("counter"), List.of("counter"), (state, inputs) -> {
				int next = state.get("counter", Integer.class) + 1;
				if (next == brokenAt) {
					throw new IllegalStateException("Broken at " + next);
				}
				try (var span = ActionContext.current().tracer().span("increment")) {
					span.log(Map.of("counter", next));
				}
				return state.update("counter", next);
			}))
			.withAction("result", Actions.result("counter"))
			.withTransitions(Transition.of("counter", "counter", Condition.expr("counter < " + max)),
					Transition.of("counter", "result", Condition.DEFAULT));
	}

	@Test
	void e38TracksARunEndToEnd() {
		Application app = counter(2, -1).withState(Map.of("counter", 0)).withEntrypoint("counter")
			.withIdentifiers("e38", null).withTracker(tracker()).build();
		app.run(Halt.after("result"));

		Path dir = appDir("e38");
		assertThat(dir.resolve("log.jsonl")).isRegularFile();
		JsonNode graph = TrackerFiles.json(dir.resolve("graph.json"));
		assertThat(graph.get("type").asString()).isEqualTo("application");
		assertThat(graph.get("entrypoint").asString()).isEqualTo("counter");
		assertThat(graph.get("actions").get(0).get("name").asString()).isEqualTo("counter");
		assertThat(graph.get("actions").get(1).get("name").asString()).isEqualTo("result");
		Path log = dir.resolve("log.jsonl");
		assertThat(count(log, "begin_entry")).isEqualTo(3);
		assertThat(count(log, "end_entry")).isEqualTo(3);
		assertThat(TrackerFiles.lines(log, "end_entry")).allSatisfy(e -> assertThat(e.get("exception").isNull()).isTrue());
		assertThat(count(log, "begin_span")).isEqualTo(2);
		assertThat(count(log, "end_span")).isEqualTo(2);
		assertThat(count(log, "attribute")).isEqualTo(2);
		assertThat(TrackerFiles.lines(log, "attribute").get(1).get("value").asInt()).isEqualTo(2);
	}

	@Test
	void e39TracksABrokenRun() {
		Application app = counter(10, 2).withState(Map.of("counter", 0)).withEntrypoint("counter")
			.withIdentifiers("e39", null).withTracker(tracker()).build();
		assertThatThrownBy(() -> app.run(Halt.after("result"))).hasMessageContaining("Broken");

		Path log = appDir("e39").resolve("log.jsonl");
		assertThat(count(log, "begin_entry")).isEqualTo(2);
		List<JsonNode> ends = TrackerFiles.lines(log, "end_entry");
		assertThat(ends).hasSize(2);
		JsonNode last = ends.get(1);
		assertThat(last.get("exception").asString()).contains("Broken").contains("IllegalStateException");
		assertThat(last.get("result").isNull()).isTrue();
		assertThat(last.get("state").get("counter").asInt()).isEqualTo(1);
		PersistedState loaded = tracker().load(null, "e39").orElseThrow();
		assertThat(loaded.status()).isEqualTo(Status.FAILED);
		assertThat(loaded.sequenceId()).isEqualTo(1);
		assertThat(loaded.state().get("counter")).isEqualTo(1);

		LocalTrackingClient tracker = tracker();
		Application resumed = counter(10, -1).initializeFrom(tracker, true, Map.of("counter", 0), "counter")
			.withIdentifiers("e39", null).withTracker(tracker).build();
		assertThat(resumed.nextAction()).contains("counter");
		assertThat(resumed.sequenceId()).hasValue(1);
		assertThat(resumed.step().orElseThrow().sequenceId()).isEqualTo(2);
		assertThat(resumed.state().get("counter")).isEqualTo(2);
	}

	@Test
	void e40ProjectNamesAreCheckedAsBurrChecksThem() {
		assertThatNoException().isThrownBy(() -> new LocalTrackingClient("Hello-World_123", this.root));
		assertThatNoException().isThrownBy(() -> new LocalTrackingClient("Normal_Text", this.root));
		if (File.separatorChar == '/') {
			assertThatNoException().isThrownBy(() -> new LocalTrackingClient("Hello:World_123", this.root));
		}
		else {
			assertThatIllegalArgumentException().isThrownBy(() -> new LocalTrackingClient("Hello:World_123", this.root));
		}
		assertThatIllegalArgumentException().isThrownBy(() -> new LocalTrackingClient("Invalid:Chars*", this.root))
			.withMessage("Project: Invalid:Chars* is not valid. Project name cannot contain non-alphanumeric "
					+ "(except _ and -) characters. We will be relaxing this restriction later but for now please "
					+ "rename your project!");
		assertThatIllegalArgumentException().isThrownBy(() -> new LocalTrackingClient("Just$ymbols", this.root));
		assertThatIllegalArgumentException().isThrownBy(() -> new LocalTrackingClient("", this.root));
		assertThatIllegalArgumentException().isThrownBy(() -> LocalTrackingClient.builder("../escape"));
	}

	@Test
	void e41AForkRecordsItsParentInMetadataAndInTheParentsChildren() {
		InMemoryStatePersister loader = new InMemoryStatePersister();
		loader.save("user123", "old", 5, "counter", State.of(Map.of("counter", 6)), Status.COMPLETED);
		counter(10, -1).initializeFrom(loader, true, Map.of("counter", 0), "counter")
			.forkFrom("old", "user123", 5L)
			.withIdentifiers("new", "user123")
			.withTracker(tracker())
			.build();

		JsonNode metadata = TrackerFiles.json(appDir("new").resolve("metadata.json"));
		assertThat(metadata.get("type").asString()).isEqualTo("application_metadata");
		assertThat(metadata.get("partition_key").asString()).isEqualTo("user123");
		JsonNode parent = metadata.get("parent_pointer");
		assertThat(parent.get("type").asString()).isEqualTo("pointer_data");
		assertThat(parent.get("app_id").asString()).isEqualTo("old");
		assertThat(parent.get("sequence_id").asLong()).isEqualTo(5);
		assertThat(parent.get("partition_key").asString()).isEqualTo("user123");
		assertThat(metadata.get("spawning_parent_pointer").isNull()).isTrue();

		List<JsonNode> children = TrackerFiles.lines(appDir("old").resolve("children.jsonl"));
		assertThat(children).hasSize(1);
		JsonNode child = children.get(0);
		assertThat(child.get("type").asString()).isEqualTo("child_application_data");
		assertThat(child.get("event_type").asString()).isEqualTo("fork");
		assertThat(child.get("sequence_id").asLong()).isEqualTo(5);
		assertThat(child.get("child").get("app_id").asString()).isEqualTo("new");
		assertThat(child.get("child").get("sequence_id").isNull()).isTrue();
		assertThat(child.get("event_time").asString()).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{6}");
	}

	private Application fork(LocalTrackingClient tracker, int max, String from, Long at, String into) {
		return counter(max, -1).initializeFrom(tracker, true, Map.of("counter", 0), "counter")
			.forkFrom(from, null, at)
			.withIdentifiers(into, null)
			.withTracker(tracker)
			.build();
	}

	private long counterSteps(String appId) {
		return TrackerFiles.lines(appDir(appId).resolve("log.jsonl"), "begin_entry").stream()
			.filter(line -> line.get("action").asString().equals("counter"))
			.count();
	}

	@Test
	void e42ForksOfForksWithTheTrackerAsLoader() {
		LocalTrackingClient tracker = tracker();
		Application a = counter(10, -1).initializeFrom(tracker, true, Map.of("counter", 0), "counter")
			.withIdentifiers("A", null).withTracker(tracker).build();
		a.run(Halt.after("result"));
		assertThat(counterSteps("A")).isEqualTo(10);

		Application b = fork(tracker, 15, "A", 5L, "B");
		assertThat(b.sequenceId()).hasValue(5);
		assertThat(b.state().get("counter")).isEqualTo(6);
		b.run(Halt.after("result"));
		assertThat(counterSteps("B")).isEqualTo(9);
		assertThat(b.state().get("counter")).isEqualTo(15);
		assertThat(b.parentPointer().orElseThrow().appId()).isEqualTo("A");
		assertThat(b.parentPointer().orElseThrow().sequenceId()).isEqualTo(5L);

		Application c = fork(tracker, 25, "B", 10L, "C");
		assertThat(c.sequenceId()).hasValue(10);
		c.run(Halt.after("result"));
		assertThat(counterSteps("C")).isEqualTo(14);
		assertThat(c.state().get("counter")).isEqualTo(25);

		Application d = fork(tracker, 30, "C", null, "D");
		assertThat(d.sequenceId()).isEqualTo(c.sequenceId()).hasValue(25);
		assertThat(TrackerFiles.json(appDir("D").resolve("metadata.json")).get("parent_pointer").get("sequence_id")
			.asLong()).isEqualTo(25);
		assertThat(TrackerFiles.lines(appDir("C").resolve("children.jsonl")).get(0).get("child").get("app_id")
			.asString()).isEqualTo("D");
	}

	private Application spawned(String childId, String parentId) {
		return counter(3, -1).withState(Map.of("counter", 0)).withEntrypoint("counter")
			.withIdentifiers(childId, null)
			.withSpawningParent(parentId, 5L, null)
			.withTracker(tracker())
			.build();
	}

	@Test
	void e43ASpawnedChildPointsAtItsParent() {
		spawned("child-1", "spawn_X");
		JsonNode metadata = TrackerFiles.json(appDir("child-1").resolve("metadata.json"));
		JsonNode pointer = metadata.get("spawning_parent_pointer");
		assertThat(pointer.get("type").asString()).isEqualTo("pointer_data");
		assertThat(pointer.get("app_id").asString()).isEqualTo("spawn_X");
		assertThat(pointer.get("sequence_id").asLong()).isEqualTo(5);
		assertThat(metadata.get("parent_pointer").isNull()).isTrue();
	}

	@Test
	void e44TheParentListsItsSpawnedChildrenOnce() {
		spawned("child-1", "P");
		spawned("child-2", "P");
		spawned("child-2", "P");
		List<JsonNode> children = TrackerFiles.lines(appDir("P").resolve("children.jsonl"));
		assertThat(appDir("P").resolve("log.jsonl")).as("the UI lists only directories with a log").isEmptyFile();
		assertThat(children).extracting(line -> line.get("child").get("app_id").asString())
			.containsExactly("child-1", "child-2");
		assertThat(children).allSatisfy(line -> {
			assertThat(line.get("event_type").asString()).isEqualTo("spawn_start");
			assertThat(line.get("sequence_id").asLong()).isEqualTo(5);
		});
	}

	private static final List<String> WORLD = List.of("Hello, café", "Γειά σου", "Привет", "שלום", "مرحبا",
			"नमस्ते", "你好，世界", "こんにちは", "안녕하세요", "😀🎉👍🏽", "\u009d");

	@Test
	void e45UnicodeRoundTripsThroughTheTrackerAsLoader() throws Exception {
		for (int run = 0; run < 2; run++) {
			LocalTrackingClient tracker = tracker();
			Application app = ApplicationBuilder.create()
				.withAction("write", Actions.action(List.of(), List.of("texts"),
						(state, inputs) -> state.update("texts", WORLD)))
				.withAction("done", Actions.result("texts"))
				.withTransitions(Transition.of("write", "done"))
				.initializeFrom(tracker, false, Map.of(), "write")
				.withIdentifiers("unicode", null)
				.withTracker(tracker)
				.build();
			if (run == 1) {
				assertThat(app.state().get("texts")).isEqualTo(WORLD);
			}
			app.run(Halt.after("done"));
			assertThat(tracker.load(null, "unicode").orElseThrow().state().get("texts")).isEqualTo(WORLD);
		}
		assertThat(TrackerFiles.lines(appDir("unicode").resolve("log.jsonl"), "end_entry")).hasSize(4);
		assertThat(Files.readString(appDir("unicode").resolve("log.jsonl"))).contains("Привет", "😀🎉👍🏽");
	}

	/**
	 * Burr's run raises here (Python cannot encode the lone surrogate). Ours does not: hooks never fail a
	 * step, and Jackson writes the lone surrogate as the JSON escape {@code \uD800}, so the file stays valid
	 * UTF-8 and the exact string comes back on load.
	 */
	@Test
	void e46ALoneSurrogateIsWrittenEscapedAndLoadsBack() throws Exception {
		String lone = "before\uD800after";
		LocalTrackingClient tracker = tracker();
		Application app = ApplicationBuilder.create()
			.withAction("write", Actions.action(List.of(), List.of("text"), (state, inputs) -> state.update("text", lone)))
			.withAction("done", Actions.result("text"))
			.withTransitions(Transition.of("write", "done"))
			.withState(Map.of()).withEntrypoint("write")
			.withIdentifiers("surrogate", null).withTracker(tracker).build();
		app.run(Halt.after("done"));

		byte[] bytes = Files.readAllBytes(appDir("surrogate").resolve("log.jsonl"));
		String text = decodeStrictly(bytes);
		assertThat(text).contains("\"text\":\"before\\uD800after\"");
		assertThat(TrackerFiles.lines(appDir("surrogate").resolve("log.jsonl"), "end_entry")).hasSize(2);
		assertThat(tracker.load(null, "surrogate").orElseThrow().state().get("text")).isEqualTo(lone);
	}

	private static String decodeStrictly(byte[] bytes) throws CharacterCodingException {
		return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
			.onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
	}

	@Test
	void e47ACopyKeepsProjectStorageAndSerde() {
		StateSerde serde = StateSerde.builder().type(java.time.Duration.class, "duration").build();
		LocalTrackingClient original = LocalTrackingClient.builder("copied").storageDir(this.root).serde(serde).build();
		LocalTrackingClient copy = original.copy();
		assertThat(copy).isNotSameAs(original);
		assertThat(copy.project()).isEqualTo("copied");
		assertThat(copy.storageDir()).isEqualTo(this.root);
		assertThat(copy.serde()).isSameAs(serde);
	}

}
