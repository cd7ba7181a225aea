package dev.burr.jdbc;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.burr.core.Actions;
import dev.burr.core.Application;
import dev.burr.core.ApplicationBuilder;
import dev.burr.core.State;
import dev.burr.core.Transition;
import dev.burr.persistence.BurrPersistenceException;
import dev.burr.persistence.ChatConversation;
import dev.burr.persistence.PersistedState;
import dev.burr.persistence.StateChange;
import dev.burr.persistence.StateLayout;
import dev.burr.persistence.StateStore;
import dev.burr.persistence.StateStores;
import dev.burr.persistence.Status;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The persister contract in the delta layout, plus what that layout promises: steps are stored as deltas
 * between snapshots, every step loads as Burr's layout returns it, a broken chain fails naming the table, app
 * and sequence id, and pruning keeps every kept step loadable.
 */
abstract class JdbcDeltaLayoutContractTests extends JdbcStateStoreContractTests {

	@Override
	protected StateLayout layout() {
		return StateLayout.DELTA;
	}

	@Test
	void aConversationStoresDeltasBetweenSnapshotsAndEveryStepLoadsAsInBurrsLayout() {
		StateStore burr = JdbcStatePersister.builder(dataSource()).tableName(newTable()).build();
		burr.initialize();
		List<State> states = conversation(this.store, burr, 20);
		List<Boolean> snapshots = jdbc().sql("SELECT snapshot FROM " + table() + " ORDER BY sequence_id")
			.query(Boolean.class)
			.list();
		assertThat(snapshots).hasSize(20).startsWith(true);
		assertThat(snapshots.stream().filter(Boolean::booleanValue).count())
			.as("a snapshot at least every 3 steps (sooner while deltas outgrow the small early states)")
			.isBetween(7L, 10L);
		assertThat(String.join("", snapshots.stream().map((whole) -> whole ? "S" : "d").toList()))
			.doesNotContain("ddd");
		for (long seq = 0; seq < 20; seq++) {
			PersistedState delta = this.store.load("pk", "chat", seq).orElseThrow();
			PersistedState whole = burr.load("pk", "chat", seq).orElseThrow();
			assertThat(delta.state().asMap()).isEqualTo(whole.state().asMap()).isEqualTo(states.get((int) seq).asMap());
			assertThat(delta.position()).isEqualTo(whole.position());
			assertThat(delta.status()).isEqualTo(whole.status());
		}
		assertThat(this.store.history("pk", "chat")).extracting((step) -> step.state().asMap())
			.containsExactlyElementsOf(states.stream().map(State::asMap).toList());
		assertThat(this.store.load("pk", "chat").orElseThrow().sequenceId()).isEqualTo(19);
	}

	@Test
	void aChainMissingAStepFailsTheLoadNamingTableAppAndSequenceIds() {
		conversation(this.store, null, 3);
		jdbc().sql("DELETE FROM " + table() + " WHERE sequence_id = 1").update();
		assertThatThrownBy(() -> this.store.load("pk", "chat")).isInstanceOf(BurrPersistenceException.class)
			.hasMessageContaining("step 2")
			.hasMessageContaining("app 'chat'")
			.hasMessageContaining("table '" + table() + "'")
			.hasMessageContaining("missing step 1");
	}

	@Test
	void pruningRewritesTheOldestKeptDeltaAsASnapshotSoThatEveryKeptStepLoads() {
		List<State> states = conversation(this.store, null, 8);
		assertThat(this.store.pruneKeepLast("pk", "chat", 4)).isEqualTo(4);
		for (long seq = 4; seq < 8; seq++) {
			assertThat(this.store.load("pk", "chat", seq).orElseThrow().state().asMap())
				.isEqualTo(states.get((int) seq).asMap());
		}
		assertThat(this.store.pruneOlderThan("pk", "chat", Instant.now().plusSeconds(60))).isEqualTo(3);
		assertThat(this.store.load("pk", "chat").orElseThrow().state().asMap()).isEqualTo(states.get(7).asMap());
		this.store.save("pk", "chat", 8, "reply", states.get(7).append("chat", "after prune"), Status.COMPLETED,
				StateChange.of(List.of(new StateChange.Append("chat", List.<Object>of("after prune")))));
		assertThat(this.store.load("pk", "chat").orElseThrow().state().get("chat"))
			.isEqualTo(states.get(7).append("chat", "after prune").get("chat"));
	}

	@Test
	void anAppCopiedToBurrsLayoutAndBackLoadsTheSameAtEveryStep() {
		List<State> states = conversation(this.store, null, 10);
		StateStore burr = JdbcStatePersister.builder(dataSource()).tableName(newTable()).build();
		burr.initialize();
		StateStores.copy(this.store, burr, "pk", "chat");
		StateStore back = builder(newTable()).build();
		back.initialize();
		StateStores.copy(burr, back, "pk", "chat");
		for (long seq = 0; seq < 10; seq++) {
			assertThat(back.load("pk", "chat", seq).orElseThrow().state().asMap())
				.isEqualTo(states.get((int) seq).asMap());
		}
	}

	@Test
	void aConversationStoredInBurrsLayoutContinuesInTheDeltaLayout() {
		StateStore burr = JdbcStatePersister.builder(dataSource()).tableName(newTable()).build();
		burr.initialize();
		List<State> states = conversation(burr, null, 5);
		Application app = ApplicationBuilder.create()
			.withAction("reply", Actions.action(List.of("chat", "turns"), List.of("chat", "turns"),
					(state, inputs) -> state.append("chat", "continued " + state.get("turns"))
						.increment("turns", 1)))
			.withTransitions(Transition.of("reply", "reply"))
			.initializeFrom(burr, true, Map.of(), "reply")
			.withStatePersister(this.store)
			.withIdentifiers("chat", "pk")
			.build();
		for (int i = 0; i < 4; i++) {
			app.step(Map.of());
		}
		assertThat(this.store.load("pk", "chat", 4L)).as("the old steps stay in Burr's table").isEmpty();
		assertThat(jdbc().sql("SELECT snapshot FROM " + table() + " ORDER BY sequence_id").query(Boolean.class).list())
			.as("the first step saved here is whole, then deltas, whole again after 3 steps (snapshotEvery)")
			.containsExactly(true, false, false, true);
		List<Object> chat = new ArrayList<>(states.get(4).get("chat", List.class));
		for (int turns = 5; turns < 9; turns++) {
			chat.add("continued " + turns);
		}
		State latest = this.store.load("pk", "chat").orElseThrow().state();
		assertThat(latest.get("chat")).isEqualTo(chat);
		assertThat(((Number) latest.get("turns")).intValue()).isEqualTo(9);
		assertThat(app.state().get("chat")).isEqualTo(chat);
	}

	/** Saves {@code steps} steps of a chat (as the engine does) and, when given, to {@code burr}. */
	private static List<State> conversation(StateStore store, @Nullable StateStore burr, int steps) {
		return ChatConversation.save(store, burr, steps, State.of(Map.of("chat", List.of(), "turns", 0)));
	}

}
