package dev.burr.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.burr.core.lifecycle.PostRunStepHook;
import dev.burr.core.lifecycle.PreRunStepHook;
import dev.burr.core.lifecycle.StepFinished;
import dev.burr.persistence.BurrPersistenceException;
import dev.burr.persistence.InMemoryStatePersister;
import dev.burr.persistence.PersistedState;
import dev.burr.persistence.StateConflictException;
import dev.burr.persistence.Status;
import dev.burr.serde.StateSerde;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What a failing action, a failing save or a failing hook does (reference 3.10 and 7 item 2, fixed). */
class StepFailureTests {

	private final InMemoryStatePersister store = new InMemoryStatePersister();

	private final DelegatingPersister persister = new DelegatingPersister(this.store, true);

	private Application boomApp(int failAt, String appId) {
		return ApplicationBuilder.create()
			.withAction("boom", CounterApps.boom(failAt))
			.withTransitions(Transition.of("boom", "boom"))
			.withStatePersister(this.persister)
			.initializeFrom(this.persister, true, CounterApps.zero(), "boom")
			.withIdentifiers(appId, "pk")
			.build();
	}

	@Test
	void aFailedActionIsStoredAsFailedWithThePreActionStateAndItsExceptionRethrown() {
		Application app = boomApp(1, "fails");
		app.step();
		assertThatThrownBy(app::step).isInstanceOf(IllegalStateException.class).hasMessage("Broken at 1");
		PersistedState failed = this.store.load("pk", "fails").orElseThrow();
		assertThat(failed.status()).isEqualTo(Status.FAILED);
		assertThat(failed.sequenceId()).isEqualTo(1);
		assertThat(failed.position()).isEqualTo("boom");
		assertThat(failed.state().get("count")).isEqualTo(1);
		assertThat(failed.state().get(State.PRIOR_STEP_KEY)).isEqualTo("boom");
		assertThat(app.sequenceId()).hasValue(1);
	}

	@Test
	void aSaveFailureDuringAFailedActionIsAttachedAsSuppressed() {
		Application app = boomApp(0, "both-fail");
		this.persister.failSaves.set(true);
		assertThatThrownBy(app::step).isInstanceOf(IllegalStateException.class)
			.hasMessage("Broken at 0")
			.satisfies(ex -> assertThat(ex.getSuppressed()).singleElement()
				.isInstanceOf(BurrPersistenceException.class));
		assertThat(app.sequenceId()).isEmpty();
		assertThat(this.store.load("pk", "both-fail")).isEmpty();
	}

	@Test
	void aFailedSaveLeavesTheApplicationWhereStorageIsAndTheRetryLeavesNoGap() {
		Application app = boomApp(100, "outage");
		app.step();
		State before = app.state();
		this.persister.failSaves.set(true);
		assertThatThrownBy(app::step).isInstanceOf(BurrPersistenceException.class);
		assertThatThrownBy(app::step).isInstanceOf(BurrPersistenceException.class);
		assertThat(app.state()).isEqualTo(before);
		assertThat(app.sequenceId()).hasValue(0);
		this.persister.failSaves.set(false);
		app.step();
		assertThat(this.store.history("pk", "outage")).extracting(PersistedState::sequenceId).containsExactly(0L, 1L);
		assertThat(app.state().get("count")).isEqualTo(2);
	}

	@Test
	void aSerializationFailureFailsTheSaveNamingAppAndField() {
		record Unregistered(int x) {
		}
		StateSerde serde = StateSerde.defaults();
		Application app = ApplicationBuilder.create()
			.withAction("put", Actions.action(List.of(), List.of("thing"),
					(state, inputs) -> state.update("thing", new Unregistered(1))))
			.withEntrypoint("put")
			.withStatePersister(new JsonCheckingSaver(this.store, serde))
			.withIdentifiers("serde-app", "pk")
			.build();
		assertThatThrownBy(app::step).isInstanceOf(BurrPersistenceException.class)
			.hasMessageContaining("serde-app")
			.hasMessageContaining("\"thing\"");
		assertThat(app.sequenceId()).isEmpty();
		assertThat(app.state().containsKey("thing")).isFalse();
	}

	@Test
	void aConflictLeavesTheLoserWhereStorageIsAndTheHistoryHasNoDuplicate() {
		Application first = boomApp(100, "shared");
		Application second = boomApp(100, "shared");
		first.step();
		assertThatThrownBy(second::step).isInstanceOf(StateConflictException.class);
		assertThat(second.sequenceId()).isEmpty();
		Application reloaded = boomApp(100, "shared");
		assertThat(reloaded.sequenceId()).hasValue(0);
		reloaded.step();
		assertThatThrownBy(first::step).isInstanceOf(StateConflictException.class);
		assertThat(this.store.history("pk", "shared")).extracting(PersistedState::sequenceId).containsExactly(0L, 1L);
		assertThat(first.sequenceId()).hasValue(0);
	}

	@Test
	void aHookThatThrowsDoesNotStopTheStepOrTheSave() {
		List<StepFinished> seen = new ArrayList<>();
		PreRunStepHook brokenPre = event -> {
			throw new IllegalStateException("pre hook broke");
		};
		PostRunStepHook brokenPost = event -> {
			throw new IllegalStateException("post hook broke");
		};
		PostRunStepHook recording = seen::add;
		Application app = ApplicationBuilder.create()
			.withAction("counter", CounterApps.counter())
			.withTransitions(Transition.of("counter", "counter"))
			.withStatePersister(this.persister)
			.withState(CounterApps.zero())
			.withEntrypoint("counter")
			.withIdentifiers("hooks", "pk")
			.withHooks(brokenPre, brokenPost, recording)
			.build();
		StepResult step = app.step().orElseThrow();
		assertThat(step.state().get("count")).isEqualTo(1);
		assertThat(this.store.load("pk", "hooks").orElseThrow().sequenceId()).isZero();
		assertThat(seen).singleElement().satisfies(event -> assertThat(event.exception()).isNull());
	}

	@Test
	void hooksHearOfAFailedSaveWithTheSaveException() {
		List<StepFinished> seen = new ArrayList<>();
		Application app = boomApp(100, "told");
		Application observed = ApplicationBuilder.create()
			.withActions(app.graph().actions())
			.withTransitions(app.graph().transitions().toArray(Transition[]::new))
			.withStatePersister(this.persister)
			.withState(CounterApps.zero())
			.withEntrypoint("boom")
			.withIdentifiers("told-2", "pk")
			.withHooks((PostRunStepHook) seen::add)
			.build();
		this.persister.failSaves.set(true);
		assertThatThrownBy(observed::step).isInstanceOf(BurrPersistenceException.class);
		assertThat(seen).singleElement()
			.satisfies(event -> assertThat(event.exception()).isInstanceOf(BurrPersistenceException.class));
	}

	/** Saves only states that serialize, as every real backend does. */
	private record JsonCheckingSaver(dev.burr.persistence.StatePersister delegate, StateSerde serde)
			implements dev.burr.persistence.StateSaver {

		@Override
		public void initialize() {
		}

		@Override
		public boolean isInitialized() {
			return true;
		}

		@Override
		public void save(String partitionKey, String appId, long sequenceId, String position, State state,
				Status status) {
			this.serde.toJson(state);
			this.delegate.save(partitionKey, appId, sequenceId, position, state, status);
		}

	}

}
