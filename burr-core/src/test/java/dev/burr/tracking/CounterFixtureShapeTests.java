package dev.burr.tracking;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import dev.burr.core.Actions;
import dev.burr.core.Application;
import dev.burr.core.ApplicationBuilder;
import dev.burr.core.Condition;
import dev.burr.core.Halt;
import dev.burr.core.Transition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The counter demo of Burr's UI ({@code demo_counter/count-to-10}), rebuilt in Java: the files we write match
 * the ones Burr wrote line for line in record types, field names, JSON types and values, times and code aside.
 */
class CounterFixtureShapeTests {

	private static final Set<String> TIME_FIELDS = Set.of("start_time", "end_time", "event_time", "time_logged");

	private static final Pattern LOCAL_TIME = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{6}");

	@TempDir
	Path root;

	static ApplicationBuilder counterApp() {
		return ApplicationBuilder.create()
			.withAction("counter", Actions.action(List.of("counter"), List.of("counter"),
					(state, inputs) -> state.update("counter", state.get("counter", Integer.class) + 1)))
			.withAction("result", Actions.result("counter"))
			.withTransitions(Transition.of("counter", "counter", Condition.expr("counter < count_to")),
					Transition.of("counter", "result", Condition.DEFAULT));
	}

	@Test
	void theJavaCounterWritesWhatBurrWrote() {
		LocalTrackingClient tracker = new LocalTrackingClient("demo_counter", this.root);
		Application app = counterApp().withState(Map.of("count_to", 10, "counter", 0))
			.withEntrypoint("counter")
			.withIdentifiers("count-to-10", "user_1")
			.withTracker(tracker)
			.build();
		app.run(Halt.after("result"));

		Path ours = this.root.resolve("demo_counter/count-to-10");
		Path burr = TrackerFiles.fixtures().resolve("demo_counter/count-to-10");
		List<JsonNode> ourLines = TrackerFiles.lines(ours.resolve("log.jsonl"));
		List<JsonNode> burrLines = TrackerFiles.lines(burr.resolve("log.jsonl"));
		assertThat(ourLines).hasSameSizeAs(burrLines);
		for (int i = 0; i < burrLines.size(); i++) {
			assertSameShape("log.jsonl line " + (i + 1), ourLines.get(i), burrLines.get(i), Set.of());
		}
		assertSameShape("graph.json", TrackerFiles.json(ours.resolve("graph.json")),
				TrackerFiles.json(burr.resolve("graph.json")), Set.of("code"));
		assertSameShape("metadata.json", TrackerFiles.json(ours.resolve("metadata.json")),
				TrackerFiles.json(burr.resolve("metadata.json")), Set.of());
	}

	@Test
	void theShapeComparisonNoticesADifference() {
		JsonNode burr = TrackerFiles.MAPPER.readTree("{\"type\":\"end_entry\",\"result\":{},\"sequence_id\":1}");
		JsonNode listResult = TrackerFiles.MAPPER.readTree("{\"type\":\"end_entry\",\"result\":[],\"sequence_id\":1}");
		JsonNode stringSeq = TrackerFiles.MAPPER.readTree("{\"type\":\"end_entry\",\"result\":{},\"sequence_id\":\"1\"}");
		assertThat(differences("x", listResult, burr, Set.of())).isNotEmpty();
		assertThat(differences("x", stringSeq, burr, Set.of())).isNotEmpty();
		assertThat(differences("x", burr, burr, Set.of())).isEmpty();
	}

	private static void assertSameShape(String where, JsonNode ours, JsonNode burr, Set<String> ignoredValues) {
		assertThat(differences(where, ours, burr, ignoredValues)).as(where + "\nours: " + ours + "\nburr: " + burr)
			.isEmpty();
	}

	private static List<String> differences(String where, JsonNode ours, JsonNode burr, Set<String> ignoredValues) {
		List<String> out = new ArrayList<>();
		compare(where, ours, burr, ignoredValues, out);
		return out;
	}

	private static void compare(String path, JsonNode ours, JsonNode burr, Set<String> ignoredValues,
			List<String> out) {
		if (ours.getNodeType() != burr.getNodeType() || ours.isIntegralNumber() != burr.isIntegralNumber()) {
			out.add(path + ": " + ours.getNodeType() + " instead of " + burr.getNodeType());
			return;
		}
		if (burr.isObject()) {
			Set<String> ourNames = new java.util.TreeSet<>(ours.propertyNames());
			Set<String> burrNames = new java.util.TreeSet<>(burr.propertyNames());
			if (!ourNames.equals(burrNames)) {
				out.add(path + ": fields " + ourNames + " instead of " + burrNames);
				return;
			}
			for (String name : burrNames) {
				if (TIME_FIELDS.contains(name)) {
					if (!LOCAL_TIME.matcher(ours.get(name).asString()).matches()) {
						out.add(path + "." + name + ": " + ours.get(name) + " is not a naive local time");
					}
				}
				else if (!ignoredValues.contains(name)) {
					compare(path + "." + name, ours.get(name), burr.get(name), ignoredValues, out);
				}
			}
		}
		else if (burr.isArray()) {
			if (ours.size() != burr.size()) {
				out.add(path + ": " + ours.size() + " elements instead of " + burr.size());
				return;
			}
			for (int i = 0; i < burr.size(); i++) {
				compare(path + "[" + i + "]", ours.get(i), burr.get(i), ignoredValues, out);
			}
		}
		else if (!ours.equals(burr)) {
			out.add(path + ": " + ours + " instead of " + burr);
		}
	}

}
