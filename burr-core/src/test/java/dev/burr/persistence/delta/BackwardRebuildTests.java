package dev.burr.persistence.delta;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import dev.burr.core.State;
import dev.burr.persistence.BurrPersistenceException;
import dev.burr.persistence.PersistedState;
import dev.burr.persistence.StateChange;
import dev.burr.persistence.Status;
import dev.burr.serde.StateSerde;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import tools.jackson.core.type.TypeReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Loading a step from its newest delta back gives exactly the state that applying the chain forward gives, for
 * random chains of puts, appends, removals and re-puts, with and without field codecs.
 */
class BackwardRebuildTests {

	private static final List<String> KEYS = List.of("chat", "question", "count", "notes", "tags");

	private static final StateSerde TYPED = StateSerde.builder()
		.field("notes", new TypeReference<List<Map<String, Integer>>>() {
		})
		.field("tags", (value) -> String.join(",", ValueLists.strings(value)),
				(stored) -> (stored == null) ? null : List.of(((String) stored).split(",", -1)))
		.build();

	@ParameterizedTest(name = "seed {0}")
	@ValueSource(longs = { 1, 2, 3, 4, 5, 6, 7, 8 })
	void everyPrefixOfARandomChainLoadsAsTheForwardReplayGivesIt(long seed) {
		for (StateSerde serde : List.of(StateSerde.defaults(), TYPED)) {
			DeltaCodec codec = new DeltaCodec(serde);
			DeltaChain chain = new DeltaChain(codec);
			List<DeltaRow> rows = randomChain(codec, new Random(seed), 60);
			List<PersistedState> forward = new ArrayList<>();
			chain.replay("test", "pk", "app", rows.iterator(), forward::add);
			for (int end = 1; end <= rows.size(); end++) {
				State loaded = chain.last("test", "pk", "app", null, rows.subList(0, end)).orElseThrow().step().state();
				assertThat(loaded).as("step %d, seed %d", end - 1, seed).isEqualTo(forward.get(end - 1).state());
				assertThat(serde.toJson(loaded)).isEqualTo(serde.toJson(forward.get(end - 1).state()));
			}
		}
	}

	@Test
	void anAppendToAValueThatIsNotAListFailsNamingTheKey() {
		DeltaCodec codec = new DeltaCodec(StateSerde.defaults());
		State first = State.of(Map.of("count", 1));
		List<DeltaRow> rows = List.of(row(0, true, codec.encodeSnapshot(first)),
				row(1, false, "{\"__burr_delta__\":[[\"append\",\"count\"]],\"count\":[2]}".getBytes()));
		assertThatThrownBy(() -> new DeltaChain(codec).last("table 't'", "pk", "app", null, rows))
			.isInstanceOf(BurrPersistenceException.class)
			.hasMessageContaining("it appends to 'count', which holds java.lang.Integer, not a list");
	}

	@Test
	void aChangeWithoutItsValueFailsNamingTheStep() {
		DeltaCodec codec = new DeltaCodec(StateSerde.defaults());
		List<DeltaRow> rows = List.of(row(0, true, codec.encodeSnapshot(State.of(Map.of("a", 1)))),
				row(1, false, "{\"__burr_delta__\":[[\"put\",\"a\"]]}".getBytes()));
		assertThatThrownBy(() -> new DeltaChain(codec).last("table 't'", "pk", "app", null, rows))
			.isInstanceOf(BurrPersistenceException.class)
			.hasMessageContaining("its stored delta at step 1 does not load: a delta row's change [put, a] has no value");
	}

	private static List<DeltaRow> randomChain(DeltaCodec codec, Random random, int steps) {
		List<DeltaRow> rows = new ArrayList<>();
		Map<String, Object> initial = new LinkedHashMap<>();
		initial.put("chat", List.of("hello"));
		initial.put("count", 0);
		State state = State.of(initial);
		rows.add(row(0, true, codec.encodeSnapshot(state)));
		for (int seq = 1; seq < steps; seq++) {
			State next = state;
			int changes = 1 + random.nextInt(3);
			for (int c = 0; c < changes; c++) {
				next = change(next, KEYS.get(random.nextInt(KEYS.size())), random, seq);
			}
			next = next.update(State.SEQUENCE_ID_KEY, seq);
			byte[] delta = codec.encodeDelta(next, StateChange.between(state, next).changes());
			rows.add(row(seq, false, delta));
			state = next;
		}
		return rows;
	}

	private static State change(State state, String key, Random random, int seq) {
		Object current = state.asMap().get(key);
		int pick = random.nextInt(4);
		if (pick == 0) {
			return state.wipe(List.of(key));
		}
		if (pick == 1 && current instanceof List<?>) {
			return state.append(key, item(key, seq));
		}
		return state.update(key, switch (key) {
			case "count" -> seq;
			case "question" -> "question " + seq + " " + "x".repeat(random.nextInt(50));
			default -> List.of(item(key, seq));
		});
	}

	private static Object item(String key, int seq) {
		return switch (key) {
			case "notes" -> Map.of("n", seq);
			case "tags" -> "t" + seq;
			default -> "message " + seq;
		};
	}

	private static DeltaRow row(long seq, boolean snapshot, byte[] data) {
		return new DeltaRow(seq, "p" + seq, Status.COMPLETED, Instant.EPOCH, snapshot, data);
	}

	/** String views of a custom-coded list. */
	private static final class ValueLists {

		static List<String> strings(Object value) {
			List<String> out = new ArrayList<>();
			for (Object item : (List<?>) value) {
				out.add((String) item);
			}
			return out;
		}

	}

}
