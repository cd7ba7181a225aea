package dev.burr.serde;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.burr.core.State;
import org.junit.jupiter.api.Test;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** State serde: Burr's stored shape (4.3), field and type codecs (F49, F51, F52) and DESIGN 4's strictness. */
class StateSerdeTests {

	record ChatMessage(String role, String content) {
	}

	record Unregistered(int x) {
	}

	private final JsonMapper json = JsonMapper.builder().build();

	@Test
	void jsonNativeValuesAreWrittenAsTheyAre() {
		Map<String, Object> values = new LinkedHashMap<>();
		values.put("count", 3);
		values.put("nested", Map.of("list", List.of(1, "two", true)));
		values.put("nothing", null);
		values.put(State.SEQUENCE_ID_KEY, 2);
		values.put(State.PRIOR_STEP_KEY, "counter");
		State state = State.of(values);
		String text = StateSerde.defaults().toJson(state);
		assertThat(this.json.readTree(text)).isEqualTo(this.json.readTree(
				"{\"count\": 3, \"nested\": {\"list\": [1, \"two\", true]}, \"nothing\": null, "
						+ "\"__SEQUENCE_ID\": 2, \"__PRIOR_STEP\": \"counter\"}"));
		assertThat(StateSerde.defaults().fromJson(text)).isEqualTo(state);
	}

	@Test
	void customFieldCodecRoundTripsAsBurrsRegisterFieldSerde() {
		StateSerde serde = StateSerde.builder()
			.field("my_field", value -> Map.of("value", "serialized_" + value),
					stored -> ((String) ((Map<?, ?>) stored).get("value")).substring("serialized_".length()))
			.build();
		State state = State.of(Map.of("foo", Map.of("hi", "world"), "baz", "qux", "my_field", "testing 123"));
		Map<String, Object> serialized = serde.serialize(state);
		assertThat(serialized).isEqualTo(Map.of("foo", Map.of("hi", "world"), "baz", "qux", "my_field",
				Map.of("value", "serialized_testing 123")));
		assertThat(serde.deserialize(serialized)).isEqualTo(state);
	}

	@Test
	void typedFieldRoundTripsRecordsAsRecords() {
		StateSerde serde = StateSerde.builder().field("chat_history", new TypeReference<List<ChatMessage>>() {
		}).build();
		State state = State.of(Map.of("chat_history", List.of(new ChatMessage("user", "hi"))));
		String text = serde.toJson(state);
		assertThat(this.json.readTree(text))
			.isEqualTo(this.json.readTree("{\"chat_history\": [{\"role\": \"user\", \"content\": \"hi\"}]}"));
		State back = serde.fromJson(text);
		assertThat(back.get("chat_history", List.class).get(0)).isEqualTo(new ChatMessage("user", "hi"));
	}

	@Test
	void markerTypeCodecRoundTripsAnywhereInTheState() {
		StateSerde serde = StateSerde.builder().type(ChatMessage.class, "chat_message").build();
		State state = State.of(Map.of("history", List.of(new ChatMessage("user", "hi")), "last",
				Map.of("msg", new ChatMessage("assistant", "yo"))));
		Map<String, Object> stored = this.json.readValue(serde.toJson(state), new TypeReference<>() {
		});
		assertThat(stored.get("history")).isEqualTo(
				List.of(Map.of("role", "user", "content", "hi", StateSerde.MARKER_KEY, "chat_message")));
		assertThat(serde.deserialize(stored)).isEqualTo(state);
	}

	@Test
	void anUnregisteredRecordFailsNamingTheFieldAndType() {
		State state = State.of(Map.of("items", List.of(Map.of("thing", new Unregistered(1)))));
		assertThatThrownBy(() -> StateSerde.defaults().toJson(state)).isInstanceOf(StateSerdeException.class)
			.hasMessageContaining("items[0].thing")
			.hasMessageContaining(Unregistered.class.getName())
			.hasMessageContaining(".field(\"items\"");
	}

	@Test
	void nonJsonValuesFailInsteadOfBecomingStrings() {
		assertThatThrownBy(() -> StateSerde.defaults().serialize(State.of(Map.of("when", LocalDate.of(2024, 1, 2)))))
			.hasMessageContaining("\"when\"");
		assertThatThrownBy(() -> StateSerde.defaults().serialize(State.of(Map.of("set", Set.of(1)))))
			.hasMessageContaining("\"set\"");
		assertThatThrownBy(() -> StateSerde.defaults().serialize(State.of(Map.of("map", Map.of(1, "a")))))
			.hasMessageContaining("\"map\"")
			.hasMessageContaining("must be strings");
		assertThatThrownBy(() -> StateSerde.defaults().serialize(State.of(Map.of("nan", Double.NaN))))
			.hasMessageContaining("\"nan\"");
	}

	@Test
	void typeHintsInStoredDataComeBackAsPlainData() {
		String stored = "{\"x\": {\"@class\": \"java.lang.ProcessBuilder\", \"command\": [\"touch\", \"/tmp/pwned\"]},"
				+ " \"y\": [\"java.util.HashMap\", {\"a\": 1}]}";
		State state = StateSerde.defaults().fromJson(stored);
		assertThat(state.get("x")).isEqualTo(Map.of("@class", "java.lang.ProcessBuilder", "command",
				List.of("touch", "/tmp/pwned")));
		assertThat(state.get("y")).isEqualTo(List.of("java.util.HashMap", Map.of("a", 1)));
		StateSerde typed = StateSerde.builder().field("x", new TypeReference<Map<String, Object>>() {
		}).build();
		assertThat(typed.fromJson(stored).get("x")).isInstanceOf(Map.class);
	}

	@Test
	void anUnknownMarkerFailsNamingItAndNeverLoadsTheClassItNames() {
		String stored = "{\"evil\": {\"__burr_serde__\": \"java.lang.ProcessBuilder\", \"value\": \"x\"}}";
		assertThatThrownBy(() -> StateSerde.defaults().fromJson(stored)).isInstanceOf(StateSerdeException.class)
			.hasMessageContaining("\"evil\"")
			.hasMessageContaining("unknown __burr_serde__ marker \"java.lang.ProcessBuilder\"");
		assertThatThrownBy(() -> StateSerde.defaults().fromJson("{\"p\": {\"__burr_serde__\": \"pickle\"}}"))
			.hasMessageContaining("\"pickle\"");
	}

	@Test
	void storedTextThatIsNotAnObjectFailsClearly() {
		assertThatThrownBy(() -> StateSerde.defaults().fromJson("{\"a\": ")).isInstanceOf(StateSerdeException.class)
			.hasMessageContaining("not a JSON object");
		assertThatThrownBy(() -> StateSerde.defaults().fromJson("[1, 2]")).isInstanceOf(StateSerdeException.class);
		assertThatThrownBy(() -> StateSerde.defaults().fromJson("null")).isInstanceOf(StateSerdeException.class);
	}

	@Test
	void primitiveListAndMapValuesSerializeToThemselves() {
		for (Object value : List.of("s", 1, 2L, 1.5, true, List.of(1, 2), Map.of("k", "v"))) {
			assertThat(StateSerde.defaults().serializeValue("v", value)).isSameAs(value);
			assertThat(StateSerde.defaults().deserializeValue("v", value)).isEqualTo(value);
		}
	}

	@Test
	void aMarkerCannotBeRegisteredForTwoTypes() {
		assertThatThrownBy(() -> StateSerde.builder().type(ChatMessage.class, "m").type(Unregistered.class, "m"))
			.hasMessageContaining("\"m\"");
	}

	@Test
	void aTypedFieldThatDoesNotFitFailsNamingTheField() {
		StateSerde serde = StateSerde.builder().field("n", new TypeReference<Integer>() {
		}).build();
		assertThatThrownBy(() -> serde.fromJson("{\"n\": {\"a\": 1}}")).isInstanceOf(StateSerdeException.class)
			.hasMessageContaining("\"n\"");
	}

	@Test
	void aCustomMapperIsUsedWithDefaultTypingOff() {
		JsonMapper mapper = JsonMapper.builder().build();
		StateSerde serde = StateSerde.builder().jsonMapper(mapper).type(ChatMessage.class, "chat").build();
		State state = State.of(Map.of("m", new ChatMessage("a", "b")));
		assertThat(serde.fromJson(serde.toJson(state))).isEqualTo(state);
	}

	@Test
	void anyJavaStringRoundTripsExactlyAndNonAsciiIsEscapedAsBurrWritesIt() {
		String hostile = "nul\u0000 lone\uD800 low\uDC00 pair\uD83E\uDD92 \u00e9\u4e2d";
		State state = State.of(Map.of("text", hostile));
		String text = StateSerde.defaults().toJson(state);
		assertThat(text).isEqualTo("{\"text\":\"nul\\u0000 lone\\uD800 low\\uDC00 pair\\uD83E\\uDD92 \\u00E9\\u4E2D\"}");
		assertThat(StateSerde.defaults().fromJson(text)).isEqualTo(state);
		StateSerde custom = StateSerde.builder().jsonMapper(JsonMapper.builder().build()).build();
		assertThat(custom.fromJson(custom.toJson(state))).isEqualTo(state);
	}

	@Test
	void aFiftyMegabyteStateRoundTrips() {
		String chunk = "x".repeat(1024);
		List<String> big = java.util.Collections.nCopies(50 * 1024, chunk);
		State state = State.of(Map.of("big", big));
		String text = StateSerde.defaults().toJson(state);
		assertThat(text.length()).isGreaterThan(50 * 1024 * 1024);
		assertThat(StateSerde.defaults().fromJson(text).get("big", List.class)).hasSize(50 * 1024);
	}

	@Test
	void aUserMapHoldingTheMarkerKeyIsRefusedNamingTheField() {
		StateSerde serde = StateSerde.builder().type(ChatMessage.class, "chat_message").build();
		State state = State.of(Map.of("input", Map.of(StateSerde.MARKER_KEY, "chat_message", "role", "x")));
		assertThatThrownBy(() -> serde.toJson(state)).isInstanceOf(StateSerdeException.class)
			.hasMessageContaining("\"input\"")
			.hasMessageContaining(StateSerde.MARKER_KEY);
	}

}
