package dev.burr.core;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.burr.persistence.InMemoryStatePersister;
import dev.burr.persistence.PersistedState;
import dev.burr.persistence.StateLoader;
import dev.burr.persistence.Status;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Resume and fork semantics (reference 3.6 to 3.9, scenarios C26 to C30) and the builder bugs we fix (3.13). */
class ResumeAndForkTests {

	private final InMemoryStatePersister persister = new InMemoryStatePersister();

	private ApplicationBuilder counterBoom(int failAt) {
		return ApplicationBuilder.create()
			.withAction("counter", CounterApps.counter())
			.withAction("boom", CounterApps.boom(failAt))
			.withTransitions(Transition.of("counter", "boom", Condition.expr("count >= 3")),
					Transition.of("counter", "counter"), Transition.of("boom", "counter"));
	}

	@Test
	void c26ForkHappyPath() {
		StateLoader loader = new FixedLoader(new PersistedState("user123", "123", 5, "counter",
				State.of(Map.of("count", 5)), Instant.now(), Status.COMPLETED));
		Application app = ApplicationBuilder.create()
			.withAction("counter", CounterApps.counter())
			.withAction("result", Actions.result("count"))
			.withTransitions(Transition.of("counter", "result"))
			.initializeFrom(loader, true, Map.of(), "counter")
			.forkFrom("123", "user123", null)
			.withIdentifiers("test123", null)
			.build();
		assertThat(app.appId()).isEqualTo("test123");
		assertThat(app.state().asMap()).isEqualTo(Map.of("count", 5, "__PRIOR_STEP", "counter", "__SEQUENCE_ID", 5L));
		assertThat(app.parentPointer().orElseThrow().appId()).isEqualTo("123");
		assertThat(app.nextAction()).contains("result");
	}

	@Test
	void c27EndToEndResumeOnANewPersisterObject() {
		ApplicationBuilder base = ApplicationBuilder.create()
			.withAction("dummy_input", Actions.action(List.of("chat_history"), List.of("chat_history", "prompt"),
					(state, inputs) -> next(state).update("prompt", "p")))
			.withAction("dummy_response", Actions.action(List.of("chat_history"),
					List.of("chat_history", "response"), (state, inputs) -> next(state).update("response", "r")))
			.withTransitions(Transition.of("dummy_input", "dummy_response"),
					Transition.of("dummy_response", "dummy_input"));
		Application first = base.withStatePersister(this.persister)
			.initializeFrom(this.persister, true, Map.of("chat_history", List.of()), "dummy_input")
			.withIdentifiers("test_1", "sqlite")
			.build();
		first.run(Halt.after("dummy_response"));
		assertThat(first.state().get("chat_history")).isEqualTo(List.of(1, 2));
		Application second = ApplicationBuilder.create()
			.withActions(first.graph().actions())
			.withTransitions(first.graph().transitions().toArray(Transition[]::new))
			.withStatePersister(this.persister)
			.initializeFrom(this.persister, true, Map.of("chat_history", List.of()), "dummy_input")
			.withIdentifiers("test_1", "sqlite")
			.build();
		assertThat(second.state().get("chat_history")).isEqualTo(List.of(1, 2));
		second.run(Halt.after("dummy_response"));
		assertThat(second.state().get("chat_history")).isEqualTo(List.of(1, 2, 3, 4));
	}

	private static State next(State state) {
		List<?> history = state.get("chat_history", List.class);
		int last = history.isEmpty() ? 0 : ((Number) history.get(history.size() - 1)).intValue();
		return state.append("chat_history", last + 1);
	}

	@Test
	void c29ResumeAfterAFailureRerunsTheFailedActionOnThePreActionState() {
		Application app = counterBoom(3).withStatePersister(this.persister)
			.initializeFrom(this.persister, true, CounterApps.zero(), "counter")
			.withIdentifiers("a1", "pk1")
			.build();
		assertThatThrownBy(() -> app.run(Halt.never())).isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("Broken at 3");
		List<PersistedState> history = this.persister.history("pk1", "a1");
		assertThat(history).extracting(PersistedState::status)
			.containsExactly(Status.COMPLETED, Status.COMPLETED, Status.COMPLETED, Status.FAILED);
		PersistedState failed = history.get(3);
		assertThat(failed.position()).isEqualTo("boom");
		assertThat(failed.sequenceId()).isEqualTo(3);
		assertThat(failed.state().asMap())
			.isEqualTo(Map.of("count", 3, "__SEQUENCE_ID", 3L, "__PRIOR_STEP", "counter"));

		Application resumed = counterBoom(100).withStatePersister(this.persister)
			.initializeFrom(this.persister, true, CounterApps.zero(), "counter")
			.withIdentifiers("a1", "pk1")
			.build();
		assertThat(resumed.nextAction()).contains("boom");
		assertThat(resumed.sequenceId()).hasValue(3);
		StepResult rerun = resumed.step().orElseThrow();
		assertThat(rerun.action()).isEqualTo("boom");
		assertThat(rerun.sequenceId()).isEqualTo(4);
		assertThat(rerun.state().get("count")).isEqualTo(4);
	}

	@Test
	void c30NothingFoundStartsFromTheDefaults() {
		Application app = CounterApps.countTo(3).withStatePersister(this.persister)
			.initializeFrom(this.persister, true, Map.of("count", 7), "counter")
			.withIdentifiers("fresh", null)
			.build();
		assertThat(app.state().asMap()).isEqualTo(Map.of("count", 7));
		assertThat(app.nextAction()).contains("counter");
		assertThat(app.parentPointer()).isEmpty();
		assertThat(app.step().orElseThrow().sequenceId()).isZero();
	}

	@Test
	void fixQ1ResumeFalseRestartsAtTheDefaultEntrypointWithTheLoadedState() {
		Application app = ApplicationBuilder.create()
			.withAction("counter", CounterApps.counter())
			.withAction("other", CounterApps.counter())
			.withTransitions(Transition.of("counter", "other"), Transition.of("other", "counter"))
			.withStatePersister(this.persister)
			.initializeFrom(this.persister, false, CounterApps.zero(), "counter")
			.withIdentifiers("q1", "pk")
			.build();
		app.step();
		assertThat(app.nextAction()).contains("other");
		Application restarted = ApplicationBuilder.create()
			.withActions(app.graph().actions())
			.withTransitions(app.graph().transitions().toArray(Transition[]::new))
			.withStatePersister(this.persister)
			.initializeFrom(this.persister, false, CounterApps.zero(), "counter")
			.withIdentifiers("q1", "pk")
			.build();
		assertThat(restarted.nextAction()).contains("counter");
		assertThat(restarted.state().get("count")).isEqualTo(1);
		assertThat(restarted.state().containsKey(State.PRIOR_STEP_KEY)).isFalse();
	}

	@Test
	void fixQ3AResumeThatIsNotAForkHasNoParentPointer() {
		Application app = CounterApps.countTo(5).withStatePersister(this.persister)
			.initializeFrom(this.persister, true, CounterApps.zero(), "counter")
			.withIdentifiers("q3", "pk")
			.build();
		app.step();
		Application resumed = CounterApps.countTo(5).withStatePersister(this.persister)
			.initializeFrom(this.persister, true, CounterApps.zero(), "counter")
			.withIdentifiers("q3", "pk")
			.build();
		assertThat(resumed.sequenceId()).hasValue(0);
		assertThat(resumed.parentPointer()).isEmpty();
	}

	@Test
	void fixQ4AndQ5AForkFromLatestRecordsTheLoadedSequenceIdAndDefaultsToTheBuildersPartition() {
		Application parent = CounterApps.countTo(10).withStatePersister(this.persister)
			.initializeFrom(this.persister, true, CounterApps.zero(), "counter")
			.withIdentifiers("parent", "user-9")
			.build();
		parent.run(Halt.after("counter").andBefore("result"));
		parent.step();
		parent.step();
		Application child = CounterApps.countTo(10).withStatePersister(this.persister)
			.initializeFrom(this.persister, true, CounterApps.zero(), "counter")
			.forkFrom("parent", null, null)
			.withIdentifiers("child", "user-9")
			.build();
		assertThat(child.sequenceId()).hasValue(2);
		assertThat(child.parentPointer()).contains(new ParentPointer("parent", "user-9", 2L));
		assertThat(child.state().get("count")).isEqualTo(3);
	}

	@Test
	void rebuildingAForkResumesItsOwnStepsInsteadOfForkingAgain() {
		Application parent = CounterApps.countTo(10).withStatePersister(this.persister)
			.initializeFrom(this.persister, true, CounterApps.zero(), "counter")
			.withIdentifiers("parent-r", "pk")
			.build();
		parent.step();
		parent.step();
		ApplicationBuilder forkBuilder = CounterApps.countTo(10).withStatePersister(this.persister)
			.initializeFrom(this.persister, true, CounterApps.zero(), "counter")
			.forkFrom("parent-r", null, 0L)
			.withIdentifiers("child-r", "pk");
		Application child = forkBuilder.build();
		child.step();
		child.step();
		assertThat(child.state().get("count")).isEqualTo(3);
		Application rebuilt = CounterApps.countTo(10).withStatePersister(this.persister)
			.initializeFrom(this.persister, true, CounterApps.zero(), "counter")
			.forkFrom("parent-r", null, 0L)
			.withIdentifiers("child-r", "pk")
			.build();
		assertThat(rebuilt.sequenceId()).hasValue(2);
		assertThat(rebuilt.state().get("count")).isEqualTo(3);
		assertThat(rebuilt.step().orElseThrow().sequenceId()).isEqualTo(3);
	}

	@Test
	void aForkWhoseSourceIsMissingStartsFromTheDefaults() {
		Application child = CounterApps.countTo(10).withStatePersister(this.persister)
			.initializeFrom(this.persister, true, CounterApps.zero(), "counter")
			.forkFrom("ghost", "pk", 3L)
			.withIdentifiers("orphan", "pk")
			.build();
		assertThat(child.parentPointer()).isEmpty();
		assertThat(child.sequenceId()).isEmpty();
		assertThat(child.state().asMap()).isEqualTo(CounterApps.zero());
	}

	@Test
	void resumingAtAnActionTheGraphNoLongerHasFailsNamingIt() {
		this.persister.save("pk", "renamed", 4, "old_name", State.of(Map.of("count", 1)), Status.COMPLETED);
		assertThatThrownBy(() -> CounterApps.countTo(3).initializeFrom(this.persister, true, CounterApps.zero(),
				"counter").withIdentifiers("renamed", "pk").build())
			.isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("`old_name`")
			.hasMessageContaining("renamed")
			.hasMessageContaining("step 4");
	}

	@Test
	void initializeFromWithoutALoaderUsesThePersister() {
		Application app = CounterApps.countTo(3).withStatePersister(this.persister)
			.initializeFrom(true, CounterApps.zero(), "counter")
			.withIdentifiers("default-loader", null)
			.build();
		app.step();
		Application again = CounterApps.countTo(3).withStatePersister(this.persister)
			.initializeFrom(true, CounterApps.zero(), "counter")
			.withIdentifiers("default-loader", null)
			.build();
		assertThat(again.sequenceId()).hasValue(0);
	}

	@Test
	void anExactSequenceIdIsLoadedWhenGivenAndTakenStepsConflict() {
		Application app = CounterApps.countTo(10).withStatePersister(this.persister)
			.initializeFrom(this.persister, true, CounterApps.zero(), "counter")
			.withIdentifiers("rewind", "pk")
			.build();
		app.step();
		app.step();
		app.step();
		Application rewound = CounterApps.countTo(10).withStatePersister(this.persister)
			.initializeFrom(this.persister, true, CounterApps.zero(), "counter")
			.withIdentifiers("rewind", "pk", 1L)
			.build();
		assertThat(rewound.state().get("count")).isEqualTo(2);
		assertThatThrownBy(rewound::step).isInstanceOf(dev.burr.persistence.StateConflictException.class)
			.hasMessageContaining("Step 2 of app 'rewind'");
		assertThat(rewound.sequenceId()).hasValue(1);
		assertThat(rewound.state().get("count")).isEqualTo(2);
	}

	private record FixedLoader(PersistedState record) implements StateLoader {

		@Override
		public Optional<PersistedState> load(@Nullable String partitionKey, String appId, @Nullable Long sequenceId) {
			return Optional.of(this.record);
		}

		@Override
		public List<String> listAppIds(@Nullable String partitionKey) {
			return List.of(this.record.appId());
		}

	}

}
