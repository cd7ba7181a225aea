package dev.burr.tracking;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.burr.core.ActionContext;
import dev.burr.core.Actions;
import dev.burr.core.Application;
import dev.burr.core.ApplicationBuilder;
import dev.burr.core.Halt;
import dev.burr.core.Transition;
import dev.burr.persistence.BurrPersistenceException;
import dev.burr.persistence.PersistedState;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Where our tracker differs from Burr's: its bugs fixed (reference section 7 item 14) and our decisions. */
class LocalTrackingClientTests {

	@TempDir
	Path root;

	private LocalTrackingClient tracker() {
		return new LocalTrackingClient("proj", this.root);
	}

	private Path log(String appId) {
		return this.root.resolve("proj").resolve(appId).resolve("log.jsonl");
	}

	/** An endless counter that records which application ran it and opens a span each step. */
	private static ApplicationBuilder counter() {
		return ApplicationBuilder.create()
			.withAction("counter", Actions.action(List.of("counter"), List.of("counter"), (state, inputs) -> {
				try (var span = ActionContext.current().tracer().span("count")) {
					span.log(Map.of("app", ActionContext.current().appId()));
				}
				return state.update("counter", state.get("counter", Integer.class) + 1);
			}))
			.withTransitions(Transition.of("counter", "counter"));
	}

	private Application app(LocalTrackingClient tracker, String appId, @Nullable String partitionKey) {
		return counter().withState(Map.of("counter", 0, "owner", appId)).withEntrypoint("counter")
			.withIdentifiers(appId, partitionKey).withTracker(tracker).build();
	}

	@Test
	void twoApplicationsSharingOneTrackerOnTwoThreadsEachGetTheirOwnLines() throws Exception {
		LocalTrackingClient shared = tracker();
		Application a = app(shared, "app-a", null);
		Application b = app(shared, "app-b", null);
		int steps = 100;
		CountDownLatch start = new CountDownLatch(1);
		ExecutorService pool = Executors.newFixedThreadPool(2);
		try {
			List<Future<?>> runs = new ArrayList<>();
			for (Application app : List.of(a, b)) {
				runs.add(pool.submit(() -> {
					start.await();
					for (int i = 0; i < steps; i++) {
						app.step();
					}
					return null;
				}));
			}
			start.countDown();
			for (Future<?> run : runs) {
				run.get(30, TimeUnit.SECONDS);
			}
		}
		finally {
			pool.shutdownNow();
		}
		for (String appId : List.of("app-a", "app-b")) {
			List<JsonNode> lines = TrackerFiles.lines(log(appId));
			List<JsonNode> begins = lines.stream().filter(l -> l.get("type").asString().equals("begin_entry")).toList();
			List<JsonNode> ends = lines.stream().filter(l -> l.get("type").asString().equals("end_entry")).toList();
			assertThat(begins).extracting(l -> l.get("sequence_id").asInt()).containsExactlyElementsOf(range(steps));
			assertThat(ends).extracting(l -> l.get("sequence_id").asInt()).containsExactlyElementsOf(range(steps));
			assertThat(ends).allSatisfy(l -> assertThat(l.get("state").get("owner").asString()).isEqualTo(appId));
			assertThat(lines).filteredOn(l -> l.get("type").asString().equals("attribute"))
				.hasSize(steps)
				.allSatisfy(l -> assertThat(l.get("value").asString()).isEqualTo(appId));
			assertThat(lines).hasSize(5 * steps);
		}
	}

	private static List<Integer> range(int n) {
		List<Integer> out = new ArrayList<>();
		for (int i = 0; i < n; i++) {
			out.add(i);
		}
		return out;
	}

	@Test
	void linesLongerThanAnIoBufferAppendedFromManyThreadsNeverInterleave() throws Exception {
		Path file = this.root.resolve("lines.jsonl");
		int threads = 8;
		int perThread = 30;
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		try {
			List<Future<?>> writers = new ArrayList<>();
			for (int t = 0; t < threads; t++) {
				String filler = String.valueOf((char) ('a' + t)).repeat(20_000);
				int writer = t;
				writers.add(pool.submit(() -> {
					for (int i = 0; i < perThread; i++) {
						LineAppender.append(file, TrackerFiles.MAPPER.writeValueAsBytes(
								Map.of("writer", writer, "i", i, "filler", filler)), false);
					}
					return null;
				}));
			}
			for (Future<?> writer : writers) {
				writer.get(30, TimeUnit.SECONDS);
			}
		}
		finally {
			pool.shutdownNow();
		}
		List<JsonNode> lines = TrackerFiles.lines(file);
		assertThat(lines).hasSize(threads * perThread);
		assertThat(lines).allSatisfy(line -> assertThat(line.get("filler").asString())
			.isEqualTo(String.valueOf((char) ('a' + line.get("writer").asInt())).repeat(20_000)));
	}

	@Test
	void aTruncatedLastLineIsIgnoredAndTheNextWriterStartsAFreshLine() throws Exception {
		LocalTrackingClient tracker = tracker();
		Application app = counter().initializeFrom(tracker, true, Map.of("counter", 0), "counter")
			.withIdentifiers("torn", null).withTracker(tracker).build();
		app.step();
		app.step();
		app.step();
		Files.writeString(log("torn"), "{\"type\":\"end_entry\",\"end_time\":\"2024-08-27T11:5", StandardOpenOption.APPEND);

		PersistedState latest = tracker.load(null, "torn").orElseThrow();
		assertThat(latest.sequenceId()).isEqualTo(2);
		assertThat(latest.state().get("counter")).isEqualTo(3);

		Application resumed = counter().initializeFrom(tracker, true, Map.of("counter", 0), "counter")
			.withIdentifiers("torn", null).withTracker(tracker).build();
		assertThat(resumed.step().orElseThrow().sequenceId()).isEqualTo(3);
		List<String> lines = Files.readAllLines(log("torn"));
		assertThat(lines).filteredOn(line -> line.startsWith("{\"type\":\"end_entry\",\"end_time\":\"2024")).hasSize(1);
		assertThat(lines).filteredOn(line -> line.startsWith("{\"type\":\"begin_entry\"")).hasSize(4);
		assertThat(tracker.load(null, "torn").orElseThrow().sequenceId()).isEqualTo(3);
		assertThat(tracker.load(null, "torn").orElseThrow().state().get("counter")).isEqualTo(4);
	}

	@Test
	void latestIsTheHighestSequenceIdAndAnExactStepIsItsLastEntry() throws Exception {
		Path dir = this.root.resolve("proj/rewound");
		Files.createDirectories(dir);
		Files.writeString(dir.resolve("log.jsonl"), String.join("\n",
				endEntry(0, "{\"v\":\"zero\"}"), endEntry(1, "{\"v\":\"one\"}"), endEntry(2, "{\"v\":\"two\"}"),
				endEntry(1, "{\"v\":\"one again\"}")) + "\n");
		LocalTrackingClient tracker = tracker();
		assertThat(tracker.load(null, "rewound").orElseThrow().state().get("v")).isEqualTo("two");
		assertThat(tracker.load(null, "rewound", 1L).orElseThrow().state().get("v")).isEqualTo("one again");
		assertThat(tracker.load(null, "rewound", 3L)).isEmpty();
	}

	private static String endEntry(long seq, String state) {
		return "{\"type\":\"end_entry\",\"end_time\":\"2024-08-27T11:59:58.577436\",\"action\":\"a\",\"result\":{},"
				+ "\"exception\":null,\"state\":" + state + ",\"sequence_id\":" + seq + "}";
	}

	@Test
	void thePartitionKeyIsRecordedAndHonouredNullBeingEmpty() {
		LocalTrackingClient tracker = tracker();
		app(tracker, "in-p1", "p1").step();
		app(tracker, "in-null", null).step();
		app(tracker, "in-empty", "").step();

		assertThat(TrackerFiles.json(log("in-p1").resolveSibling("metadata.json")).get("partition_key").asString())
			.isEqualTo("p1");
		assertThat(tracker.load("p1", "in-p1")).isPresent();
		assertThat(tracker.load("p1", "in-p1").orElseThrow().partitionKey()).isEqualTo("p1");
		assertThat(tracker.load("p2", "in-p1")).isEmpty();
		assertThat(tracker.load(null, "in-p1")).isEmpty();
		assertThat(tracker.load("", "in-null")).isPresent();
		assertThat(tracker.load(null, "in-empty")).isPresent();
		assertThat(tracker.load("p1", "in-null")).isEmpty();
		assertThat(tracker.listAppIds("p1")).containsExactly("in-p1");
		assertThat(tracker.listAppIds(null)).containsExactlyInAnyOrder("in-null", "in-empty");
	}

	@Test
	void listAppIdsListsTheApplicationsOfAPartitionMostRecentlyWrittenFirst() throws Exception {
		LocalTrackingClient tracker = tracker();
		assertThat(tracker.listAppIds("pk")).isEmpty();
		for (String appId : List.of("first", "second", "third", "elsewhere")) {
			app(tracker, appId, appId.equals("elsewhere") ? "other" : "pk").step();
		}
		Instant now = Instant.now();
		Files.setLastModifiedTime(log("first"), FileTime.from(now.minusSeconds(10)));
		Files.setLastModifiedTime(log("second"), FileTime.from(now.minusSeconds(30)));
		Files.setLastModifiedTime(log("third"), FileTime.from(now.minusSeconds(20)));
		Files.createDirectories(this.root.resolve("proj/.hidden"));
		Files.createDirectories(this.root.resolve("proj/no-log"));
		assertThat(tracker.listAppIds("pk")).containsExactly("first", "third", "second");
		app(tracker, "second", "pk").step();
		assertThat(tracker.listAppIds("pk")).containsExactly("second", "first", "third");
		assertThat(tracker.listAppIds("other")).containsExactly("elsewhere");
	}

	@Test
	void valuesTheSerdeCannotSerializeNeverFailTheStepAndTheirStateDoesNotLoad() {
		LocalTrackingClient tracker = tracker();
		Application app = ApplicationBuilder.create()
			.withAction("grab", Actions.action(List.of(), List.of("handle"), List.of("thing"), (state, inputs) -> {
				ActionContext.current().tracer().log("thing", inputs.get("thing"));
				return state.update("handle", inputs.get("thing"));
			}))
			.withAction("done", Actions.result("handle"))
			.withTransitions(Transition.of("grab", "done"))
			.withState(Map.of("kept", 1)).withEntrypoint("grab")
			.withIdentifiers("opaque", null).withTracker(tracker).build();
		app.run(Halt.after("done"), Map.of("thing", new Object()));
		assertThat(app.sequenceId()).hasValue(1);

		List<JsonNode> lines = TrackerFiles.lines(log("opaque"));
		String placeholder = "<unserializable java.lang.Object>";
		JsonNode begin = lines.get(0);
		assertThat(begin.get("inputs").get("thing").asString()).isEqualTo(placeholder);
		JsonNode attribute = lines.get(1);
		assertThat(attribute.get("value").asString()).isEqualTo(placeholder);
		JsonNode end = lines.get(2);
		assertThat(end.get("state").get("handle").asString()).isEqualTo(placeholder);
		assertThat(end.get("state").get("kept").asInt()).isEqualTo(1);
		assertThat(end.get("unserializable_keys").get(0).asString()).isEqualTo("handle");
		JsonNode resultEnd = lines.get(4);
		assertThat(resultEnd.get("result").get("handle").asString()).isEqualTo(placeholder);

		assertThatThrownBy(() -> tracker.load(null, "opaque", 0L)).isInstanceOf(BurrPersistenceException.class)
			.hasMessageContaining("[handle]");
	}

	@Test
	void timesAreNaiveLocalForStepsAndUtcWithZForAttributes() {
		Clock clock = Clock.fixed(Instant.parse("2024-08-27T18:58:33.909683Z"), ZoneId.of("America/Los_Angeles"));
		LocalTrackingClient tracker = LocalTrackingClient.builder("proj").storageDir(this.root).clock(clock).build();
		app(tracker, "timed", null).step();
		List<JsonNode> lines = TrackerFiles.lines(log("timed"));
		assertThat(lines.get(0).get("start_time").asString()).isEqualTo("2024-08-27T11:58:33.909683");
		assertThat(lines.get(1).get("start_time").asString()).isEqualTo("2024-08-27T11:58:33.909683");
		assertThat(lines.get(2).get("time_logged").asString()).isEqualTo("2024-08-27T18:58:33.909683Z");
		assertThat(lines.get(3).get("end_time").asString()).isEqualTo("2024-08-27T11:58:33.909683");
		assertThat(lines.get(4).get("end_time").asString()).isEqualTo("2024-08-27T11:58:33.909683");
		assertThat(tracker.load(null, "timed").orElseThrow().createdAt()).isEqualTo(clock.instant());
	}

	@Test
	void noRootSpanEndIsWritten() {
		app(tracker(), "spans", null).step();
		assertThat(TrackerFiles.lines(log("spans"), "end_span")).extracting(l -> l.get("span_id").asString())
			.containsExactly("0:0.0");
		assertThat(TrackerFiles.lines(log("spans"), "begin_span").get(0).get("parent_span_id").asString())
			.isEqualTo("0:0");
	}

	@Test
	void aRebuiltApplicationKeepsItsFirstGraphAndMetadataAndLogIsCreatedAtBuild() throws Exception {
		LocalTrackingClient tracker = tracker();
		counter().withState(Map.of("counter", 0)).withEntrypoint("counter").withIdentifiers("rebuilt", "a")
			.withTracker(tracker).build();
		assertThat(log("rebuilt")).isEmptyFile();
		String graph = Files.readString(log("rebuilt").resolveSibling("graph.json"));
		ApplicationBuilder.create()
			.withAction("other", Actions.result("counter"))
			.withState(Map.of("counter", 0)).withEntrypoint("other").withIdentifiers("rebuilt", "a")
			.withTracker(tracker).build();
		assertThat(Files.readString(log("rebuilt").resolveSibling("graph.json"))).isEqualTo(graph);
		try (var files = Files.list(log("rebuilt").getParent())) {
			assertThat(files.map(p -> p.getFileName().toString()))
				.containsExactlyInAnyOrder("graph.json", "metadata.json", "log.jsonl");
		}
	}

	@Test
	void aTrackerThatCannotWriteDoesNotStopTheApplication() throws Exception {
		Path notADirectory = this.root.resolve("file");
		Files.writeString(notADirectory, "x");
		LocalTrackingClient broken = new LocalTrackingClient("proj", notADirectory);
		Application app = app(broken, "unlogged", null);
		app.step();
		app.step();
		assertThat(app.state().get("counter")).isEqualTo(2);
	}

	@Test
	void fsyncModeWritesTheSameLines() {
		LocalTrackingClient tracker = LocalTrackingClient.builder("proj").storageDir(this.root).fsync(true).build();
		Application app = app(tracker, "synced", null);
		app.step();
		app.step();
		assertThat(TrackerFiles.lines(log("synced"), "end_entry")).hasSize(2);
		assertThat(tracker.load(null, "synced").orElseThrow().state().get("counter")).isEqualTo(2);
	}

	@Test
	void appIdsThatAreNotDirectoryNamesAreRejected() {
		LocalTrackingClient tracker = tracker();
		assertThatIllegalArgumentException().isThrownBy(() -> tracker.load(null, "../escape"));
		assertThatIllegalArgumentException().isThrownBy(() -> tracker.load(null, ".."));
	}

}
