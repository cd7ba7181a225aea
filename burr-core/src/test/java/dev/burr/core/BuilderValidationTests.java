package dev.burr.core;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.burr.persistence.InMemoryStatePersister;
import dev.burr.persistence.PersistedState;
import dev.burr.persistence.StateLoader;
import dev.burr.persistence.StatePersister;
import dev.burr.persistence.Status;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Builder validation (reference 3.3, scenarios B18 to B25) and the graph's errors. */
class BuilderValidationTests {

	private final StatePersister persister = new InMemoryStatePersister();

	@Test
	void b18InitializeFromAfterStateOrEntrypointIsRefused() {
		assertThatThrownBy(() -> CounterApps.countTo(3).withEntrypoint("counter").withState(CounterApps.zero())
			.initializeFrom(this.persister, true, Map.of(), "counter"))
			.isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("Cannot call initializeFrom");
		assertThatThrownBy(() -> CounterApps.countTo(3).initializeFrom(this.persister, true, Map.of(), "counter")
			.withState(CounterApps.zero())).hasMessageContaining("You cannot set state");
		assertThatThrownBy(() -> CounterApps.countTo(3).initializeFrom(this.persister, true, Map.of(), "counter")
			.withEntrypoint("counter")).hasMessageContaining("You cannot set the entrypoint");
		assertThatThrownBy(() -> CounterApps.countTo(3).withEntrypoint("counter").withEntrypoint("result"))
			.hasMessageContaining("already set to `counter`");
	}

	@Test
	void b19ARecordWithoutStateCannotExist() {
		assertThatThrownBy(() -> new PersistedState("", "app", 0, "foo", null, java.time.Instant.now(),
				Status.COMPLETED)).isInstanceOf(NullPointerException.class).hasMessageContaining("state");
	}

	@Test
	void b20ForkIdsWithoutForkAppIdAreRefused() {
		assertThatThrownBy(() -> CounterApps.countTo(3).forkFrom(null, "foo-bar", 1L))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("you must also set the fork app id");
	}

	@Test
	void b21ForkingIntoTheSameAppIdIsRefused() {
		StateLoader loader = anyLoader();
		assertThatThrownBy(() -> CounterApps.countTo(3).initializeFrom(loader, true, Map.of(), "counter")
			.forkFrom("123", null, null)
			.withIdentifiers("123", null)
			.build()).isInstanceOf(IllegalStateException.class).hasMessageContaining("Cannot fork and save");
	}

	@Test
	void b24AnUninitializedPersisterIsRefused() {
		StatePersister wrapped = new DelegatingPersister(new InMemoryStatePersister(), false);
		assertThatThrownBy(() -> CounterApps.countTo(3).withStatePersister(wrapped).withState(CounterApps.zero())
			.withEntrypoint("counter")
			.build()).isInstanceOf(IllegalStateException.class).hasMessageContaining("Uninitialized persister");
	}

	@Test
	void b25APersisterThatIsInitializedIsAccepted() {
		Application app = CounterApps.countTo(3).withStatePersister(this.persister).withState(CounterApps.zero())
			.withEntrypoint("counter")
			.build();
		assertThat(app.step()).isPresent();
	}

	@Test
	void actionNamesMustBeNonBlankAndUnique() {
		assertThatThrownBy(() -> ApplicationBuilder.create().withAction(" ", CounterApps.counter()))
			.isInstanceOf(IllegalArgumentException.class).hasMessageContaining("blank");
		assertThatThrownBy(() -> ApplicationBuilder.create().withAction("a", CounterApps.counter())
			.withAction("a", CounterApps.counter())).hasMessageContaining("`a` is already registered");
	}

	@Test
	void transitionsToUnknownActionsAndRedundantDefaultsAreRefused() {
		assertThatThrownBy(() -> CounterApps.countTo(3).withTransitions(Transition.of("counter", "nowhere"))
			.withState(CounterApps.zero()).withEntrypoint("counter").build())
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("unknown action `nowhere`");
		assertThatThrownBy(() -> ApplicationBuilder.create().withAction("a", CounterApps.counter())
			.withAction("b", CounterApps.counter())
			.withTransitions(Transition.of("a", "b"), Transition.of("a", "a"))
			.withEntrypoint("a").build())
			.hasMessageContaining("Transition `a` -> `a` is redundant -- a default transition has already been set for `a`");
	}

	@Test
	void entrypointMustBeSetAndKnown() {
		assertThatThrownBy(() -> CounterApps.countTo(3).withState(CounterApps.zero()).build())
			.hasMessageContaining("Must call `withEntrypoint`");
		assertThatThrownBy(() -> CounterApps.countTo(3).withEntrypoint("nope").build())
			.hasMessageContaining("Entrypoint: nope not found in actions");
	}

	@Test
	void haltingOnAnUnknownActionIsRefused() {
		Application app = CounterApps.countTo(3).withState(CounterApps.zero()).withEntrypoint("counter").build();
		assertThatThrownBy(() -> app.run(Halt.after("nope"))).isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("Halt.after(\"nope\")");
		assertThatThrownBy(() -> app.iterate(Halt.before("nada"), Map.of()))
			.hasMessageContaining("Halt.before(\"nada\")");
		assertThat(app.sequenceId()).isEmpty();
	}

	@Test
	void missingRequiredInputsAndDoubleUnderscoreInputsAreRefusedBeforeTheStep() {
		Application app = ApplicationBuilder.create()
			.withAction("ask", Actions.action(List.of(), List.of("q"), List.of("question"),
					(state, inputs) -> state.update("q", inputs.get("question"))))
			.withEntrypoint("ask")
			.withStatePersister(this.persister)
			.withIdentifiers("inputs", null)
			.build();
		assertThatThrownBy(() -> app.step()).isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("Missing the following required inputs: [question]");
		assertThatThrownBy(() -> app.step(Map.of("question", "q", "__tracer", "x")))
			.hasMessageContaining("Input \"__tracer\" starts with a double underscore");
		assertThatThrownBy(() -> Actions.action(List.of(), List.of(), List.of("__x"), (s, i) -> s))
			.hasMessageContaining("double underscore");
		assertThat(app.sequenceId()).isEmpty();
		assertThat(this.persister.load(null, "inputs")).isEmpty();
	}

	@Test
	void anExpressionThatDoesNotParseFailsWhenTheConditionIsMade() {
		assertThatThrownBy(() -> Condition.expr("count < ")).isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("\"count < \" does not parse");
	}

	@Test
	void initializeFromWithoutALoaderNeedsAPersisterThatLoads() {
		assertThatThrownBy(() -> CounterApps.countTo(3).initializeFrom(true, CounterApps.zero(), "counter").build())
			.hasMessageContaining("initializeFrom(loader, resume, defaults, entrypoint)");
	}

	private static StateLoader anyLoader() {
		return new StateLoader() {
			@Override
			public Optional<PersistedState> load(String partitionKey, String appId, Long sequenceId) {
				return Optional.empty();
			}

			@Override
			public List<String> listAppIds(String partitionKey) {
				return List.of();
			}
		};
	}

}
