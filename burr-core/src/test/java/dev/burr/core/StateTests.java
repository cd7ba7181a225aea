package dev.burr.core;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Burr's State operations (reference 4.1, scenario F48) and our numeric reading rules (DESIGN 4). */
class StateTests {

	private final State state = State.of(Map.of("foo", "bar", "count", 1, "list", List.of(1)));

	@Test
	void getReturnsValuesAndNamesTheKeyWhenMissing() {
		assertThat(this.state.get("foo")).isEqualTo("bar");
		assertThat(this.state.getOrDefault("missing", "d")).isEqualTo("d");
		assertThat(this.state.containsKey("count")).isTrue();
		assertThat(this.state.update(State.SEQUENCE_ID_KEY, 1).keys()).contains(State.SEQUENCE_ID_KEY);
		assertThatThrownBy(() -> this.state.update("__hidden", 1).get("missing"))
			.isInstanceOf(NoSuchElementException.class)
			.hasMessageContaining("Key \"missing\" not found in state")
			.hasMessageContaining("foo")
			.hasMessageNotContaining("__hidden");
	}

	@Test
	void nullValuesAreAllowed() {
		State withNull = this.state.update("nothing", null);
		assertThat(withNull.containsKey("nothing")).isTrue();
		assertThat(withNull.get("nothing")).isNull();
		assertThat(withNull.getOrDefault("nothing", "d")).isNull();
	}

	@Test
	void operationsReturnNewStatesAndLeaveTheReceiverUnchanged() {
		State appended = this.state.append("list", 2);
		assertThat(appended.get("list")).isEqualTo(List.of(1, 2));
		assertThat(this.state.get("list")).isEqualTo(List.of(1));
		State updated = this.state.update("foo", "baz");
		assertThat(this.state.get("foo")).isEqualTo("bar");
		assertThat(updated.get("foo")).isEqualTo("baz");
		assertThatThrownBy(() -> this.state.asMap().put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
		assertThatThrownBy(() -> appended.get("list", List.class).add(3))
			.isInstanceOf(UnsupportedOperationException.class);
	}

	@Test
	void stateDoesNotSeeLaterChangesToTheMapItWasMadeFrom() {
		Map<String, Object> source = new HashMap<>(Map.of("a", 1));
		State copy = State.of(source);
		source.put("a", 2);
		assertThat(copy.get("a")).isEqualTo(1);
	}

	@Test
	void appendCreatesAListAndRefusesNonLists() {
		assertThat(State.empty().append("new", "x").get("new")).isEqualTo(List.of("x"));
		assertThatThrownBy(() -> this.state.append("foo", "x")).isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("non-appendable")
			.hasMessageContaining("foo");
	}

	@Test
	void extendAddsEveryElementAndRefusesNonLists() {
		assertThat(this.state.extend("list", List.of(2, 3)).get("list")).isEqualTo(List.of(1, 2, 3));
		assertThatThrownBy(() -> this.state.extend("count", List.of(2))).isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("non-extendable");
	}

	@Test
	void incrementAddsSetsAbsentKeysAndRefusesNonIntegers() {
		State incremented = State.of(Map.of("foo", 1)).increment(Map.of("foo", 2L, "bar", 5L));
		assertThat(incremented.asMap()).isEqualTo(Map.of("foo", 3, "bar", 5));
		assertThat(incremented.get("foo")).isInstanceOf(Integer.class);
		assertThatThrownBy(() -> this.state.increment("foo", 1)).isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("non-integer");
		assertThatThrownBy(() -> State.of(Map.of("d", 1.5)).increment("d", 1))
			.hasMessageContaining("non-integer");
	}

	@Test
	void incrementKeepsIntegralValuesIntegralAndWidensOnOverflow() {
		State big = State.of(Map.of("n", Integer.MAX_VALUE)).increment("n", 1);
		assertThat(big.get("n")).isEqualTo(Integer.MAX_VALUE + 1L);
		assertThat(State.of(Map.of("n", 5L)).increment("n", 1).get("n")).isEqualTo(6);
	}

	@Test
	void wipeKeepSubsetAndMerge() {
		assertThat(this.state.wipe("foo", "absent").keys()).containsExactlyInAnyOrder("count", "list");
		assertThat(this.state.keepOnly("foo").keys()).containsExactly("foo");
		assertThat(this.state.subset("foo", "absent").keys()).containsExactly("foo");
		assertThatThrownBy(() -> this.state.subset(List.of("absent"), false))
			.isInstanceOf(NoSuchElementException.class);
		State merged = this.state.merge(State.of(Map.of("foo", "other", "new", true)));
		assertThat(merged.get("foo")).isEqualTo("other");
		assertThat(merged.get("new")).isEqualTo(true);
		assertThat(merged.get("count")).isEqualTo(1);
	}

	@Test
	void numbersReadAsTheTypeAskedForWhenTheyFit() {
		State numbers = State.of(Map.of("int", 3, "long", 3L, "big", 9_000_000_000L, "whole", 3.0, "half", 2.5));
		assertThat(numbers.get("long", Integer.class)).isEqualTo(3);
		assertThat(numbers.get("int", Long.class)).isEqualTo(3L);
		assertThat(numbers.get("int", Double.class)).isEqualTo(3.0);
		assertThat(numbers.get("whole", Integer.class)).isEqualTo(3);
		assertThat(numbers.get("big", Long.class)).isEqualTo(9_000_000_000L);
		assertThatThrownBy(() -> numbers.get("big", Integer.class)).isInstanceOf(ClassCastException.class)
			.hasMessageContaining("\"big\"");
		assertThatThrownBy(() -> numbers.get("half", Integer.class)).hasMessageContaining("\"half\"");
		assertThatThrownBy(() -> numbers.get("int", String.class)).hasMessageContaining("\"int\"");
	}

	@Test
	void equalityIsByEntries() {
		List<Object> list = new ArrayList<>(List.of(1));
		assertThat(State.of(Map.of("a", list))).isEqualTo(State.of(Map.of("a", List.of(1))));
		assertThat(State.of(Map.of("a", 1)).hashCode()).isEqualTo(State.of(Map.of("a", 1)).hashCode());
	}

}
