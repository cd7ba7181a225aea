package dev.burr.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** Lists grown by appends share their array without ever changing what an earlier state holds. */
class AppendedListTests {

	@Test
	void everyStateOfAHistoryKeepsItsOwnItems() {
		State state = State.of(Map.of("chat", List.of("a")));
		List<State> states = new ArrayList<>();
		for (int i = 0; i < 100; i++) {
			state = state.append("chat", "m" + i);
			states.add(state);
		}
		for (int i = 0; i < 100; i++) {
			List<Object> chat = states.get(i).get("chat", List.class);
			assertThat(chat).hasSize(i + 2).startsWith("a").endsWith("m" + i);
		}
	}

	@Test
	void appendingToAnOlderStateForksWithoutTouchingTheNewerOne() {
		State base = State.of(Map.of("chat", List.of())).append("chat", 1).append("chat", 2);
		State newer = base.append("chat", 3);
		State fork = base.append("chat", "x").extend("chat", List.of("y", "z"));
		State newest = newer.append("chat", 4);
		assertThat(base.get("chat")).isEqualTo(List.of(1, 2));
		assertThat(newer.get("chat")).isEqualTo(List.of(1, 2, 3));
		assertThat(newest.get("chat")).isEqualTo(List.of(1, 2, 3, 4));
		assertThat(fork.get("chat")).isEqualTo(List.of(1, 2, "x", "y", "z"));
		assertThat(fork.get("chat").hashCode()).isEqualTo(List.of(1, 2, "x", "y", "z").hashCode());
	}

	@Test
	void theListsAreUnmodifiable() {
		List<Object> chat = State.empty().append("chat", 1).get("chat", List.class);
		assertThatExceptionOfType(UnsupportedOperationException.class).isThrownBy(() -> chat.add(2));
		assertThatExceptionOfType(UnsupportedOperationException.class).isThrownBy(() -> chat.set(0, 2));
		assertThatExceptionOfType(IndexOutOfBoundsException.class).isThrownBy(() -> chat.get(1));
	}

	@Test
	void extendingAListWithItselfDoublesIt() {
		State state = State.empty().extend("k", List.of(1, 2));
		State doubled = state.extend("k", state.get("k", List.class));
		assertThat(doubled.get("k")).isEqualTo(List.of(1, 2, 1, 2));
		assertThat(state.get("k")).isEqualTo(List.of(1, 2));
	}

	@Test
	void concurrentAppendsToOneStateEachGetTheirOwnList() throws Exception {
		State base = State.empty().extend("chat", IntStream.range(0, 50).boxed().toList());
		ExecutorService pool = Executors.newFixedThreadPool(8);
		try {
			List<Future<State>> results = new ArrayList<>();
			for (int t = 0; t < 64; t++) {
				int writer = t;
				results.add(pool.submit(() -> {
					State state = base;
					for (int i = 0; i < 200; i++) {
						state = state.append("chat", writer * 1000 + i);
					}
					return state;
				}));
			}
			for (int t = 0; t < 64; t++) {
				List<?> chat = results.get(t).get().get("chat", List.class);
				assertThat(chat).hasSize(250);
				assertThat(chat.subList(0, 50)).isEqualTo(IntStream.range(0, 50).boxed().toList());
				for (int i = 0; i < 200; i++) {
					assertThat(chat.get(50 + i)).isEqualTo(t * 1000 + i);
				}
			}
			assertThat(base.get("chat", List.class)).hasSize(50);
		}
		finally {
			pool.shutdownNow();
		}
	}

}
