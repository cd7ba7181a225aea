package dev.burr.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.burr.core.lifecycle.PostRunStepHook;
import dev.burr.core.lifecycle.PreRunStepHook;
import dev.burr.core.lifecycle.StepFinished;
import dev.burr.core.lifecycle.StepStarted;
import dev.burr.persistence.InMemoryStatePersister;
import dev.burr.persistence.PersistedState;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Sequence ids (reference 1.4, scenarios D33 to D37) and the gaps we do not leave. */
class SequenceIdTests {

	private final List<Long> pre = new ArrayList<>();

	private final List<StepFinished> post = new ArrayList<>();

	private final PreRunStepHook preHook = event -> this.pre.add(event.sequenceId());

	private final PostRunStepHook postHook = this.post::add;

	private Application counterFrom(Long sequenceId, int max) {
		return CounterApps.countTo(max).withState(CounterApps.zero()).withEntrypoint("counter")
			.withIdentifiers("seq", null, sequenceId)
			.withHooks(this.preHook, this.postHook)
			.build();
	}

	@Test
	void d33AStepAfterSequenceZeroIsOne() {
		Application app = counterFrom(0L, 10);
		StepResult step = app.step().orElseThrow();
		assertThat(step.sequenceId()).isEqualTo(1);
		assertThat(app.sequenceId()).hasValue(1);
		assertThat(app.state().get(State.PRIOR_STEP_KEY)).isEqualTo("counter");
	}

	@Test
	void d34HooksSeeEachStepAndAFinishedAppStepsNoMore() {
		Application app = counterFrom(0L, 10);
		app.run(Halt.never());
		assertThat(this.pre).hasSize(11).startsWith(1L);
		assertThat(this.post).hasSize(11);
		assertThat(this.post).allSatisfy(event -> assertThat(event.exception()).isNull());
		assertThat(this.post.get(10).actionName()).isEqualTo("result");
		assertThat(app.step()).isEmpty();
		assertThat(app.sequenceId()).hasValue(11);
	}

	@Test
	void d35AGivenSequenceIdContinuesFromIt() {
		Application app = counterFrom(5L, 10);
		assertThat(app.sequenceId()).hasValue(5);
		app.run(Halt.after("counter").andBefore("result"));
		assertThat(this.pre).containsExactly(6L);
		for (int i = 0; i < 9; i++) {
			app.step();
		}
		assertThat(this.pre).containsExactly(6L, 7L, 8L, 9L, 10L, 11L, 12L, 13L, 14L, 15L);
	}

	@Test
	void d37FiveStepsFromZeroEndAtFour() {
		Application app = CounterApps.countTo(100).withState(CounterApps.zero()).withEntrypoint("counter").build();
		for (int i = 0; i < 5; i++) {
			app.step();
		}
		assertThat(app.state().get(State.SEQUENCE_ID_KEY, Long.class)).isEqualTo(4L);
	}

	@Test
	void fixQ6NoSequenceIdIsUsedWhenNothingRunsOrInputsAreMissing() {
		InMemoryStatePersister persister = new InMemoryStatePersister();
		Application app = ApplicationBuilder.create()
			.withAction("ask", Actions.action(List.of(), List.of("q"), List.of("question"),
					(state, inputs) -> state.update("q", inputs.get("question"))))
			.withAction("done", Actions.result("q"))
			.withTransitions(Transition.of("ask", "done"))
			.withEntrypoint("ask")
			.withStatePersister(persister)
			.withIdentifiers("gapless", "pk")
			.build();
		assertThatThrownBy(app::step).isInstanceOf(IllegalArgumentException.class);
		app.step(Map.of("question", "why"));
		app.step();
		assertThat(app.step()).isEmpty();
		assertThat(app.step()).isEmpty();
		assertThat(persister.history("pk", "gapless")).extracting(PersistedState::sequenceId).containsExactly(0L, 1L);
		assertThat(app.sequenceId()).hasValue(1);
	}

	@Test
	void iterateRunsLazilyAndStopsAfterTheHalt() {
		Application app = counterFrom(null, 3);
		List<StepResult> steps = app.iterate(Halt.after("result"), Map.of()).toList();
		assertThat(steps).extracting(StepResult::action).containsExactly("counter", "counter", "counter", "result");
		assertThat(steps).extracting(StepResult::sequenceId).containsExactly(0L, 1L, 2L, 3L);
		assertThat(steps.get(3).result()).isEqualTo(Map.of("count", 3));
	}

	@Test
	void runReturnsTheActionHaltedBefore() {
		Application app = counterFrom(null, 3);
		RunResult result = app.run(Halt.before("result"));
		assertThat(result.action()).isEqualTo("result");
		assertThat(result.result()).isNull();
		assertThat(result.state().get("count")).isEqualTo(3);
		RunResult last = app.run(Halt.never());
		assertThat(last.action()).isEqualTo("result");
		assertThat(last.result()).isEqualTo(Map.of("count", 3));
	}

}
