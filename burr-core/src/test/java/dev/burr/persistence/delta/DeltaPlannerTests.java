package dev.burr.persistence.delta;

import java.util.List;

import dev.burr.core.State;
import dev.burr.persistence.StateChange;
import dev.burr.persistence.delta.DeltaPlanner.ChainStats;
import dev.burr.persistence.delta.DeltaPlanner.PlannedStep;
import dev.burr.serde.StateSerde;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** When a step of the delta layout is stored whole. */
class DeltaPlannerTests {

	private static final String BIG = "x".repeat(10_000);

	private State state = State.empty().update("doc", BIG).update("chat", List.of());

	@Test
	void theFirstStepIsASnapshotAndTheNextADelta() {
		DeltaPlanner planner = new DeltaPlanner(new DeltaCodec(StateSerde.defaults()), 1000);
		assertThat(step(planner, 0, true).snapshot()).isTrue();
		PlannedStep second = step(planner, 1, true);
		assertThat(second.snapshot()).isFalse();
		assertThat(second.data().length).isLessThan(100);
	}

	@Test
	void anUnknownChangeIsASnapshot() {
		DeltaPlanner planner = new DeltaPlanner(new DeltaCodec(StateSerde.defaults()), 1000);
		step(planner, 0, true);
		assertThat(step(planner, 1, false).snapshot()).isTrue();
	}

	@Test
	void aStepAfterOneNotPlannedHereOrForgottenIsASnapshot() {
		DeltaPlanner planner = new DeltaPlanner(new DeltaCodec(StateSerde.defaults()), 1000);
		step(planner, 0, true);
		this.state = this.state.append("chat", "step 1, stored by another writer");
		assertThat(step(planner, 2, true).snapshot()).as("step 1 was never planned here").isTrue();
		planner.forget("pk", "app");
		assertThat(step(planner, 3, true).snapshot()).as("step 2 was forgotten: not stored").isTrue();
		assertThat(step(planner, 4, true).snapshot()).isFalse();
	}

	@Test
	void aStepRestsOnThePlannedStepBeforeItWhileThatOneIsStillBeingWritten() {
		DeltaPlanner planner = new DeltaPlanner(new DeltaCodec(StateSerde.defaults()), 1000);
		StringBuilder kinds = new StringBuilder();
		for (int i = 0; i < 4; i++) {
			kinds.append(step(planner, i, true).snapshot() ? 'S' : 'D');
		}
		assertThat(kinds).as("planned in a row, as a batch or a write-behind queue does").hasToString("SDDD");
	}

	@Test
	void aStepAfterALoadOfTheLatestIsADelta() {
		DeltaPlanner planner = new DeltaPlanner(new DeltaCodec(StateSerde.defaults()), 1000);
		planner.loaded("pk", "app", 6, new ChainStats(10_000, 0, 1));
		assertThat(step(planner, 7, true).snapshot()).isFalse();
	}

	@Test
	void everySnapshotEveryStepsIsASnapshot() {
		DeltaPlanner planner = new DeltaPlanner(new DeltaCodec(StateSerde.defaults()), 3);
		StringBuilder kinds = new StringBuilder();
		for (int i = 0; i < 7; i++) {
			kinds.append(step(planner, i, true).snapshot() ? 'S' : 'D');
		}
		assertThat(kinds).hasToString("SDDSDDS");
	}

	@Test
	void deltasThatWouldOutgrowTheSnapshotStartANewOne() {
		DeltaPlanner planner = new DeltaPlanner(new DeltaCodec(StateSerde.defaults()), 1000);
		StringBuilder kinds = new StringBuilder();
		for (int i = 0; i < 8; i++) {
			State next = this.state.update("draft", "y".repeat(4_000) + i);
			PlannedStep planned = planner.plan("pk", "app", i, next, StateChange.between(this.state, next));
			kinds.append(planned.snapshot() ? 'S' : 'D');
			this.state = next;
		}
		assertThat(kinds).as("a 10 KB snapshot holds three 4 KB deltas").hasToString("SDDDSDDD");
	}

	@Test
	void aTinyStateIsAlwaysStoredWhole() {
		DeltaPlanner planner = new DeltaPlanner(new DeltaCodec(StateSerde.defaults()), 1000);
		this.state = State.of(java.util.Map.of("n", 1));
		for (int i = 0; i < 3; i++) {
			State next = this.state.increment("n", 1);
			PlannedStep planned = planner.plan("pk", "app", i, next, StateChange.between(this.state, next));
			assertThat(planned.snapshot()).as("a delta would be larger than the state").isTrue();
			this.state = next;
		}
	}

	@Test
	void snapshotEveryMustBePositive() {
		assertThatThrownBy(() -> new DeltaPlanner(new DeltaCodec(StateSerde.defaults()), 0))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessage("snapshotEvery must be 1 or more, but was 0");
	}

	private PlannedStep step(DeltaPlanner planner, long sequenceId, boolean known) {
		State next = this.state.append("chat", "message " + sequenceId);
		PlannedStep planned = planner.plan("pk", "app", sequenceId, next,
				known ? StateChange.between(this.state, next) : StateChange.unknown());
		this.state = next;
		return planned;
	}

}
