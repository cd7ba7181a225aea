package dev.burr.persistence.delta;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import dev.burr.core.State;
import dev.burr.persistence.StateChange;
import dev.burr.persistence.StateChange.Append;
import dev.burr.persistence.StateChange.Put;
import dev.burr.serde.StateSerde;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What a delta row holds, and that a chain of them rebuilds every state exactly, key order included. */
class DeltaCodecTests {

	private final DeltaCodec codec = new DeltaCodec(StateSerde.defaults());

	@Test
	void aSnapshotIsBurrsStateJson() {
		State state = State.of(Map.of("chat", List.of("hi")));
		assertThat(this.codec.encodeSnapshot(state)).isEqualTo(StateSerde.defaults().toJsonBytes(state));
	}

	@Test
	void aDeltaHoldsOnlyTheAppendedItemsAndTheNewValues() {
		State before = State.empty().update("chat", List.of("a".repeat(500))).update("count", 1);
		State after = before.append("chat", "hello").increment("count", 1);
		String json = json(this.codec.encodeDelta(after, StateChange.between(before, after).changes()));
		assertThat(json).isEqualTo("{\"__burr_delta__\":[[\"append\",\"chat\"],[\"put\",\"count\"]],"
				+ "\"chat\":[\"hello\"],\"count\":2}");
	}

	@Test
	void aKeyChangedTwiceIsStoredOnceAsItsFinalValue() {
		State after = State.of(Map.of("chat", List.of("x", "y")));
		String json = json(this.codec.encodeDelta(after,
				List.of(new Append("chat", List.of("x")), new Append("chat", List.of("y")))));
		assertThat(json).isEqualTo("{\"__burr_delta__\":[[\"put\",\"chat\"]],\"chat\":[\"x\",\"y\"]}");
	}

	@Test
	void aKeyWithACustomFieldCodecIsStoredWhole() {
		StateSerde serde = StateSerde.builder().field("chat", (value) -> value, (stored) -> stored).build();
		DeltaCodec custom = new DeltaCodec(serde);
		State after = State.of(Map.of("chat", List.of("x", "y")));
		String json = json(custom.encodeDelta(after, List.of(new Append("chat", List.of("y")))));
		assertThat(json).isEqualTo("{\"__burr_delta__\":[[\"put\",\"chat\"]],\"chat\":[\"x\",\"y\"]}");
	}

	@Test
	void aStepThatWritesTheReservedKeyCannotBeADelta() {
		State after = State.of(Map.of(DeltaCodec.CHANGES_KEY, 1));
		assertThat(this.codec.encodeDelta(after, List.of(new Put(DeltaCodec.CHANGES_KEY, 1)))).isNull();
	}

	@Test
	void randomProgramsRebuildEveryStateWithItsKeyOrder() {
		for (long seed = 1; seed <= 20; seed++) {
			Random random = new Random(seed);
			State state = State.empty().update("chat", List.of()).update("n", 0);
			DeltaCodec.Rebuild rebuild = this.codec.rebuild(this.codec.encodeSnapshot(state));
			for (int step = 0; step < 200; step++) {
				State next = randomStep(random, state, step);
				rebuild.apply(this.codec.encodeDelta(next, StateChange.between(state, next).changes()));
				State rebuilt = rebuild.state();
				assertThat(rebuilt).as("seed %d step %d", seed, step).isEqualTo(next);
				assertThat(new ArrayList<>(rebuilt.keys())).as("key order, seed %d step %d", seed, step)
					.isEqualTo(new ArrayList<>(next.keys()));
				state = next;
			}
			assertThat(rebuild.finish()).isEqualTo(state);
		}
	}

	@Test
	void aStateAskedForDoesNotChangeWhenMoreDeltasApply() {
		State first = State.of(Map.of("chat", List.of("a")));
		DeltaCodec.Rebuild rebuild = this.codec.rebuild(this.codec.encodeSnapshot(first));
		State second = first.append("chat", "b");
		rebuild.apply(this.codec.encodeDelta(second, StateChange.between(first, second).changes()));
		State seen = rebuild.state();
		State third = second.append("chat", "c");
		rebuild.apply(this.codec.encodeDelta(third, StateChange.between(second, third).changes()));
		assertThat(seen.get("chat")).isEqualTo(List.of("a", "b"));
		assertThat(rebuild.finish().get("chat")).isEqualTo(List.of("a", "b", "c"));
	}

	@Test
	void aDeltaThatDoesNotParseOrAppendsToAScalarIsRefused() {
		DeltaCodec.Rebuild rebuild = this.codec.rebuild(this.codec.encodeSnapshot(State.of(Map.of("n", 1))));
		assertThatThrownBy(() -> rebuild.apply("{\"n\":2}".getBytes(StandardCharsets.UTF_8)))
			.hasMessageContaining("no __burr_delta__ list");
		assertThatThrownBy(() -> rebuild.apply("{\"__burr_delta__\":[[\"grow\",\"n\"]],\"n\":2}"
			.getBytes(StandardCharsets.UTF_8))).hasMessageContaining("not put, append or remove");
		assertThatThrownBy(() -> rebuild.apply("{\"__burr_delta__\":[[\"put\",\"m\"]]}"
			.getBytes(StandardCharsets.UTF_8))).hasMessageContaining("has no value");
		assertThatThrownBy(() -> rebuild.apply("{\"__burr_delta__\":[[\"append\",\"n\"]],\"n\":[3]}"
			.getBytes(StandardCharsets.UTF_8))).hasMessageContaining("appends to 'n'");
	}

	/** One step of a random program: append, extend, update, increment, wipe or a new key. */
	static State randomStep(Random random, State state, int step) {
		return switch (random.nextInt(7)) {
			case 0 -> state.append("chat", Map.of("role", "user", "text", "m" + step));
			case 1 -> state.extend("chat", List.of("a" + step, step));
			case 2 -> state.update("draft", "d".repeat(random.nextInt(50)));
			case 3 -> state.increment("n", random.nextInt(5));
			case 4 -> state.wipe("draft");
			case 5 -> state.update("k" + random.nextInt(5), (random.nextBoolean()) ? null : List.of(step));
			default -> state.wipe("k" + random.nextInt(5)).append("chat", null);
		};
	}

	private static String json(byte[] bytes) {
		return new String(bytes, StandardCharsets.UTF_8);
	}

}
