package dev.burr.tracking;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.burr.core.Action;
import dev.burr.core.Graph;
import dev.burr.core.ParentPointer;
import dev.burr.core.State;
import dev.burr.core.Transition;
import dev.burr.serde.StateSerde;
import org.jspecify.annotations.Nullable;

/**
 * The JSON objects of Burr's tracker files (reference section 5), as ordered maps with Burr's field names.
 * Values go through the {@link StateSerde}; an input, result or attribute value it cannot serialize is written
 * as the text {@code "<unserializable TYPE>"}, a state key it cannot serialize likewise, and its name is listed
 * in the end entry's extra field {@value #UNSERIALIZABLE_KEYS} (Burr's UI ignores unknown fields).
 */
final class Records {

	/** Extra {@code end_entry} field naming the state keys that were written as placeholders. */
	static final String UNSERIALIZABLE_KEYS = "unserializable_keys";

	private final StateSerde serde;

	Records(StateSerde serde) {
		this.serde = serde;
	}

	static Map<String, @Nullable Object> graph(Graph graph, String entrypoint) {
		List<Map<String, @Nullable Object>> actions = new ArrayList<>();
		graph.actions().forEach((name, action) -> actions.add(action(name, action)));
		List<Map<String, @Nullable Object>> transitions = new ArrayList<>();
		for (Transition transition : graph.transitions()) {
			Map<String, @Nullable Object> t = record("transition");
			t.put("from_", transition.from());
			t.put("to", transition.to());
			t.put("condition", transition.condition().name());
			transitions.add(t);
		}
		Map<String, @Nullable Object> out = record("application");
		out.put("entrypoint", entrypoint);
		out.put("actions", actions);
		out.put("transitions", transitions);
		return out;
	}

	private static Map<String, @Nullable Object> action(String name, Action action) {
		Map<String, @Nullable Object> out = record("action");
		out.put("name", name);
		out.put("reads", List.copyOf(action.reads()));
		out.put("writes", List.copyOf(action.writes()));
		out.put("code", action.code());
		out.put("inputs", List.copyOf(action.inputs()));
		out.put("optional_inputs", List.copyOf(action.optionalInputs()));
		return out;
	}

	static Map<String, @Nullable Object> metadata(@Nullable String partitionKey, @Nullable ParentPointer parent,
			@Nullable ParentPointer spawningParent) {
		Map<String, @Nullable Object> out = record("application_metadata");
		out.put("partition_key", partitionKey);
		out.put("parent_pointer", (parent != null) ? pointer(parent.appId(), parent.sequenceId(),
				parent.partitionKey()) : null);
		out.put("spawning_parent_pointer", (spawningParent != null) ? pointer(spawningParent.appId(),
				spawningParent.sequenceId(), spawningParent.partitionKey()) : null);
		return out;
	}

	/** A {@code children.jsonl} line; Burr leaves the child's sequence id and partition key null. */
	static Map<String, @Nullable Object> child(String childAppId, String eventTime, String eventType,
			@Nullable Long parentSequenceId) {
		Map<String, @Nullable Object> out = record("child_application_data");
		out.put("child", pointer(childAppId, null, null));
		out.put("event_time", eventTime);
		out.put("event_type", eventType);
		out.put("sequence_id", parentSequenceId);
		return out;
	}

	private static Map<String, @Nullable Object> pointer(String appId, @Nullable Long sequenceId,
			@Nullable String partitionKey) {
		Map<String, @Nullable Object> out = record("pointer_data");
		out.put("app_id", appId);
		out.put("sequence_id", sequenceId);
		out.put("partition_key", partitionKey);
		return out;
	}

	Map<String, @Nullable Object> beginEntry(String startTime, String action, Map<String, @Nullable Object> inputs,
			long sequenceId) {
		Map<String, @Nullable Object> out = record("begin_entry");
		out.put("start_time", startTime);
		out.put("action", action);
		out.put("inputs", values("inputs", inputs));
		out.put("sequence_id", sequenceId);
		return out;
	}

	Map<String, @Nullable Object> endEntry(String endTime, String action, @Nullable Map<String, @Nullable Object> result,
			@Nullable Throwable exception, State state, long sequenceId) {
		Map<String, @Nullable Object> out = record("end_entry");
		out.put("end_time", endTime);
		out.put("action", action);
		out.put("result", (result != null) ? values("result", result) : null);
		out.put("exception", (exception != null) ? stackTrace(exception) : null);
		List<String> unserializable = new ArrayList<>();
		out.put("state", state(state, unserializable));
		out.put("sequence_id", sequenceId);
		if (!unserializable.isEmpty()) {
			out.put(UNSERIALIZABLE_KEYS, unserializable);
		}
		return out;
	}

	static Map<String, @Nullable Object> beginSpan(String startTime, long sequenceId, String spanId, String spanName,
			@Nullable String parentSpanId) {
		Map<String, @Nullable Object> out = record("begin_span");
		out.put("start_time", startTime);
		out.put("action_sequence_id", sequenceId);
		out.put("span_id", spanId);
		out.put("span_name", spanName);
		out.put("parent_span_id", parentSpanId);
		out.put("span_dependencies", List.of());
		return out;
	}

	static Map<String, @Nullable Object> endSpan(String endTime, long sequenceId, String spanId) {
		Map<String, @Nullable Object> out = record("end_span");
		out.put("end_time", endTime);
		out.put("action_sequence_id", sequenceId);
		out.put("span_id", spanId);
		return out;
	}

	Map<String, @Nullable Object> attribute(String key, long sequenceId, @Nullable String spanId,
			@Nullable Object value, String timeLogged) {
		Map<String, @Nullable Object> out = record("attribute");
		out.put("key", key);
		out.put("action_sequence_id", sequenceId);
		out.put("span_id", spanId);
		out.put("value", value("attribute." + key, value));
		out.put("tags", Map.of());
		out.put("time_logged", timeLogged);
		return out;
	}

	/** A record of Burr's type {@code type}: an ordered map whose first field is the type. */
	private static Map<String, @Nullable Object> record(String type) {
		Map<String, @Nullable Object> out = new LinkedHashMap<>();
		out.put("type", type);
		return out;
	}

	private Map<String, @Nullable Object> values(String path, Map<String, @Nullable Object> values) {
		Map<String, @Nullable Object> out = new LinkedHashMap<>();
		values.forEach((key, value) -> out.put(key, value(path + "." + key, value)));
		return out;
	}

	private @Nullable Object value(String path, @Nullable Object value) {
		try {
			return this.serde.serializeValue(path, value);
		}
		catch (RuntimeException ex) {
			return placeholder(value);
		}
	}

	private Map<String, @Nullable Object> state(State state, List<String> unserializable) {
		try {
			return this.serde.serialize(state);
		}
		catch (RuntimeException whole) {
			Map<String, @Nullable Object> out = new LinkedHashMap<>();
			state.asMap().forEach((key, value) -> {
				try {
					out.put(key, this.serde.serialize(State.of(Collections.singletonMap(key, value)))
						.get(key));
				}
				catch (RuntimeException ex) {
					out.put(key, placeholder(value));
					unserializable.add(key);
				}
			});
			return out;
		}
	}

	private static String placeholder(@Nullable Object value) {
		return "<unserializable " + ((value != null) ? value.getClass().getName() : "null") + ">";
	}

	private static String stackTrace(Throwable exception) {
		StringWriter out = new StringWriter();
		exception.printStackTrace(new PrintWriter(out));
		return out.toString();
	}

}
