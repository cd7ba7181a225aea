package dev.burr.persistence;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.burr.core.State;
import dev.burr.testing.ChangeRecording;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Copying an app's history between stores, and the change each copied step is saved with. */
class StateStoresTests {

	private final InMemoryStatePersister from = new InMemoryStatePersister();

	private final InMemoryStatePersister target = new InMemoryStatePersister();

	private final List<StateChange> changes = new ArrayList<>();

	private final StateStore to = ChangeRecording.recording(this.target, this.changes);

	@Test
	void copiesEveryStepWithItsChangeFromTheStepBefore() {
		State state = State.empty().update("chat", List.of("hi")).update("n", 0);
		List<State> states = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			state = (i == 0) ? state : state.append("chat", "m" + i).increment("n", 1);
			states.add(state);
			this.from.save("pk", "app", i, "p" + i, state, (i == 3) ? Status.FAILED : Status.COMPLETED);
		}
		assertThat(StateStores.copy(this.from, this.to, "pk", "app")).isEqualTo(5);
		List<PersistedState> copied = this.target.history("pk", "app");
		assertThat(copied).extracting(PersistedState::state).isEqualTo(states);
		assertThat(copied).extracting(PersistedState::position).containsExactly("p0", "p1", "p2", "p3", "p4");
		assertThat(copied.get(3).status()).isEqualTo(Status.FAILED);
		assertThat(this.changes.get(0).isKnown()).isFalse();
		for (int i = 1; i < 5; i++) {
			assertThat(this.changes.get(i).applyTo(states.get(i - 1))).isEqualTo(states.get(i));
			assertThat(this.changes.get(i).changes()).extracting(StateChange.KeyChange::key)
				.containsExactly("chat", "n");
			assertThat(this.changes.get(i).changes().get(0)).isEqualTo(new StateChange.Append("chat", List.of("m" + i)));
		}
	}

	@Test
	void aStepAfterAGapIsCopiedWhole() {
		this.from.save(null, "app", 1, "p", State.of(Map.of("n", 1)), Status.COMPLETED);
		this.from.save(null, "app", 4, "p", State.of(Map.of("n", 4)), Status.COMPLETED);
		StateStores.copy(this.from, this.to, null, "app");
		assertThat(this.changes).extracting(StateChange::isKnown).containsExactly(false, false);
	}

	@Test
	void refusesATargetThatAlreadyHoldsTheApp() {
		this.from.save("pk", "app", 0, "p", State.empty(), Status.COMPLETED);
		this.target.save("pk", "app", 7, "p", State.empty(), Status.COMPLETED);
		assertThatThrownBy(() -> StateStores.copy(this.from, this.to, "pk", "app"))
			.isInstanceOf(IllegalStateException.class)
			.hasMessage("Cannot copy app 'app' (partition key 'pk'): the target already stores it, up to step 7. "
					+ "Delete it there first (deleteApp) or copy another app.");
		assertThat(this.target.history("pk", "app")).hasSize(1);
	}

	@Test
	void refusesToCopyOntoItself() {
		assertThatThrownBy(() -> StateStores.copy(this.from, this.from, "pk", "app"))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("onto the store it is read from");
	}

	@Test
	void betweenFindsPutsAppendsAndRemovals() {
		State before = State.empty().update("chat", List.of("a")).update("gone", 1).update("same", "s");
		State after = before.append("chat", "b").wipe("gone").update("added", 2);
		assertThat(StateChange.between(before, after).changes()).containsExactly(
				new StateChange.Append("chat", List.of("b")), new StateChange.Put("added", 2),
				new StateChange.Remove("gone"));
		State rewritten = before.update("chat", List.of("z"));
		assertThat(StateChange.between(before, rewritten).changes())
			.containsExactly(new StateChange.Put("chat", List.of("z")));
	}

}
