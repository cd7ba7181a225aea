package dev.burr.persistence.delta;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.burr.core.State;
import dev.burr.persistence.BurrPersistenceException;
import dev.burr.persistence.PersistedState;
import dev.burr.persistence.StateChange;
import dev.burr.persistence.Status;
import dev.burr.serde.StateSerde;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Rebuilding steps from stored rows, and refusing rows that cannot give the right state. */
class DeltaChainTests {

	private final DeltaCodec codec = new DeltaCodec(StateSerde.defaults());

	private final DeltaChain chain = new DeltaChain(this.codec);

	private final List<State> states = new ArrayList<>();

	private final List<DeltaRow> rows = rows(5);

	@Test
	void theLastRowIsTheStepAndItsChainIsCounted() {
		DeltaChain.Loaded loaded = this.chain.last("table 't'", "pk", "app", null, this.rows).orElseThrow();
		assertThat(loaded.step().state()).isEqualTo(this.states.get(4));
		assertThat(loaded.step().sequenceId()).isEqualTo(4);
		assertThat(loaded.step().position()).isEqualTo("p4");
		assertThat(loaded.chain().steps()).isEqualTo(5);
		assertThat(loaded.chain().snapshotBytes()).isEqualTo(this.rows.get(0).data().length);
	}

	@Test
	void anExactStepThatIsNotTheLastRowIsNotStored() {
		assertThat(this.chain.last("table 't'", "pk", "app", 9L, this.rows)).isEmpty();
		assertThat(this.chain.last("table 't'", "pk", "app", 4L, this.rows)).isPresent();
	}

	@Test
	void aMissingStepFailsNamingItAndTheApp() {
		List<DeltaRow> gap = new ArrayList<>(this.rows);
		gap.remove(2);
		assertThatThrownBy(() -> this.chain.last("table 't'", "pk", "app", null, gap))
			.isInstanceOf(BurrPersistenceException.class)
			.hasMessage("Cannot load step 4 of app 'app' (partition key 'pk') from table 't': its chain is missing "
					+ "step 2 (stored steps 1 and 3)");
	}

	@Test
	void aChainWithoutASnapshotFails() {
		assertThatThrownBy(() -> this.chain.last("table 't'", "pk", "app", null, this.rows.subList(1, 5)))
			.isInstanceOf(BurrPersistenceException.class)
			.hasMessageContaining("step 4 of app 'app'")
			.hasMessageContaining("no snapshot is stored before it (its chain starts at delta step 1)");
	}

	@Test
	void aRowThatDoesNotParseFailsNamingIt() {
		List<DeltaRow> corrupt = new ArrayList<>(this.rows);
		DeltaRow bad = corrupt.get(3);
		corrupt.set(3, new DeltaRow(3, "p3", Status.COMPLETED, Instant.EPOCH, false,
				"{\"chat\":".getBytes(StandardCharsets.UTF_8)));
		assertThat(bad.snapshot()).isFalse();
		assertThatThrownBy(() -> this.chain.last("key 'k'", "pk", "app", null, corrupt))
			.isInstanceOf(BurrPersistenceException.class)
			.hasMessageStartingWith("Cannot load step 4 of app 'app' (partition key 'pk') from key 'k': its stored "
					+ "delta at step 3 does not load:");
	}

	@Test
	void replayGivesEveryStepAndRestartsAtEachSnapshot() {
		List<DeltaRow> withSnapshot = new ArrayList<>(this.rows);
		withSnapshot.set(2, new DeltaRow(2, "p2", Status.FAILED, Instant.EPOCH, true,
				this.codec.encodeSnapshot(this.states.get(2))));
		List<PersistedState> steps = new ArrayList<>();
		this.chain.replay("table 't'", "pk", "app", withSnapshot.iterator(), steps::add);
		assertThat(steps).extracting(PersistedState::state).isEqualTo(this.states);
		assertThat(steps.get(2).status()).isEqualTo(Status.FAILED);
	}

	private List<DeltaRow> rows(int count) {
		List<DeltaRow> built = new ArrayList<>();
		State state = State.empty().update("chat", List.of("start"));
		for (int i = 0; i < count; i++) {
			State next = (i == 0) ? state : state.append("chat", "m" + i).update("n", i);
			byte[] data = (i == 0) ? this.codec.encodeSnapshot(next)
					: this.codec.encodeDelta(next, StateChange.between(state, next).changes());
			built.add(new DeltaRow(i, "p" + i, Status.COMPLETED, Instant.EPOCH, i == 0, data));
			this.states.add(next);
			state = next;
		}
		return built;
	}

}
