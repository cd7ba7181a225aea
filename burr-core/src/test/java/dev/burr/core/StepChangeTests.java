package dev.burr.core;


import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import dev.burr.persistence.InMemoryStatePersister;
import dev.burr.persistence.PersistedState;
import dev.burr.persistence.StateChange;
import dev.burr.persistence.StateChange.Append;
import dev.burr.persistence.StateChange.KeyChange;
import dev.burr.persistence.StateChange.Put;
import dev.burr.persistence.StateChange.Remove;
import dev.burr.persistence.StateSaver;
import dev.burr.persistence.StateStore;
import dev.burr.persistence.Status;
import dev.burr.testing.ChangeRecording;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * What the engine tells a persister a step changed ({@link StateChange}): applied to the previous saved state
 * it gives exactly the saved state, for random programs of updates, appends, extends, increments, wipes,
 * rebuilt states, class-based actions and failed steps; and an append is only its new items.
 */
class StepChangeTests {

	private static final List<String> KEYS = List.of("a", "b", "c", "history", "n");

	@ParameterizedTest
	@ValueSource(longs = { 1, 2, 3, 4, 5, 6, 7, 8 })
	void everyKnownChangeAppliedToThePreviousSavedStateGivesTheSavedState(long seed) {
		Random random = new Random(seed);
		RecordingSaver saver = new RecordingSaver();
		Application app = ApplicationBuilder.create()
			.withAction("function", functionAction())
			.withAction("classic", new ClassicAction())
			.withTransitions(Transition.of("function", "classic"), Transition.of("classic", "function"))
			.withState(Map.of("history", List.of(), "n", 0))
			.withEntrypoint("function")
			.withStatePersister(saver)
			.withIdentifiers("app", "pk")
			.build();
		for (int step = 0; step < 300; step++) {
			Map<String, Object> inputs = Map.of("ops", randomOps(random), "fail", random.nextInt(10) == 0);
			try {
				app.step(inputs);
			}
			catch (IllegalStateException ex) {
				assertThat(ex).hasMessage("planned failure");
			}
		}
		assertThat(saver.saves).isEqualTo(300);
		assertThat(saver.known).as("known changes").isGreaterThan(280);
		assertThat(saver.failed).as("failed steps").isPositive();
		assertThat(saver.sawAppend && saver.sawPut && saver.sawRemove).isTrue();
	}

	@Test
	void anAppendIsOnlyTheNewItemWhateverTheListsLength() {
		RecordingSaver saver = new RecordingSaver();
		Application app = ApplicationBuilder.create()
			.withAction("chat", Actions.action(List.of("history"), List.of("history"),
					(state, inputs) -> state.append("history", "message " + state.get("__SEQUENCE_ID"))))
			.withTransitions(Transition.of("chat", "chat"))
			.withState(Map.of("history", List.of()))
			.withEntrypoint("chat")
			.withStatePersister(saver)
			.withIdentifiers("app", "pk")
			.build();
		for (int i = 0; i < 50; i++) {
			app.step();
		}
		assertThat(saver.lastChange.changes()).containsExactly(new Append("history", List.of("message 49")),
				new Put(State.PRIOR_STEP_KEY, "chat"), new Put(State.SEQUENCE_ID_KEY, 49L));
	}

	@Test
	void theFirstStepOfAnAppAndTheStepAfterAFailedSaveAreUnknown() {
		RecordingSaver saver = new RecordingSaver();
		saver.failNext = false;
		Application app = CounterApps.countTo(10)
			.withState(CounterApps.zero())
			.withEntrypoint("counter")
			.withStatePersister(saver)
			.withIdentifiers("app", "pk")
			.build();
		app.step();
		assertThat(saver.lastChange.isKnown()).isFalse();
		app.step();
		assertThat(saver.lastChange.isKnown()).isTrue();
		saver.failNext = true;
		try {
			app.step();
		}
		catch (RuntimeException expected) {
			// the save failed: the application stays at step 1
		}
		app.step();
		assertThat(saver.lastChange.isKnown()).isFalse();
		app.step();
		assertThat(saver.lastChange.isKnown()).isTrue();
	}

	@ParameterizedTest
	@ValueSource(booleans = { true, false })
	void aResumedAppsFirstStepIsKnownWhenLoadedFromTheStoreItSavesTo(boolean lastStepFailed) {
		InMemoryStatePersister memory = new InMemoryStatePersister();
		List<StateChange> changes = new ArrayList<>();
		StateStore store = ChangeRecording.recording(memory, changes);
		Application first = CounterApps.countTo(10).withState(CounterApps.zero()).withEntrypoint("counter")
			.withStatePersister(store).withIdentifiers("app", "pk").build();
		first.step();
		first.step();
		if (lastStepFailed) {
			PersistedState latest = memory.load("pk", "app").orElseThrow();
			memory.save("pk", "app", 2, "counter", latest.state().update(State.SEQUENCE_ID_KEY, 2L), Status.FAILED);
		}
		PersistedState stored = memory.load("pk", "app").orElseThrow();
		Application resumed = CounterApps.countTo(10).initializeFrom(true, CounterApps.zero(), "counter")
			.withStatePersister(store).withIdentifiers("app", "pk").build();
		resumed.step();
		StateChange change = changes.get(changes.size() - 1);
		assertThat(change.isKnown()).isTrue();
		assertThat(change.applyTo(stored.state())).isEqualTo(memory.load("pk", "app").orElseThrow().state());
	}

	@Test
	void aResumedAppsFirstStepIsUnknownWhenLoadedElsewhereOrForked() {
		InMemoryStatePersister memory = new InMemoryStatePersister();
		List<StateChange> changes = new ArrayList<>();
		StateStore store = ChangeRecording.recording(memory, changes);
		CounterApps.countTo(10).withState(CounterApps.zero()).withEntrypoint("counter").withStatePersister(store)
			.withIdentifiers("app", "pk").build().step();
		Application elsewhere = CounterApps.countTo(10).initializeFrom(memory, true, CounterApps.zero(), "counter")
			.withStatePersister(store).withIdentifiers("app", "pk").build();
		elsewhere.step();
		assertThat(changes.get(changes.size() - 1).isKnown()).as("loaded through another object").isFalse();
		Application fork = CounterApps.countTo(10).initializeFrom(true, CounterApps.zero(), "counter")
			.forkFrom("app", "pk", 0L).withStatePersister(store).withIdentifiers("fork", "pk").build();
		fork.step();
		assertThat(changes.get(changes.size() - 1).isKnown()).as("a fork's first step").isFalse();
	}

	@Test
	void anUnknownChangeHasNoList() {
		assertThatIllegalStateException().isThrownBy(() -> StateChange.unknown().changes())
			.withMessageContaining("store the whole state");
	}

	private static Action functionAction() {
		return Actions.action(KEYS, List.of(), List.of("ops", "fail"), (state, inputs) -> {
			State result = applyOps(state, ops(inputs));
			if (Boolean.TRUE.equals(inputs.get("fail"))) {
				throw new IllegalStateException("planned failure");
			}
			return result;
		});
	}

	@SuppressWarnings("unchecked")
	private static List<List<Object>> ops(Map<String, @Nullable Object> inputs) {
		return (List<List<Object>>) inputs.get("ops");
	}

	private static State applyOps(State state, List<List<Object>> ops) {
		State result = state;
		for (List<Object> op : ops) {
			String key = (String) op.get(1);
			result = switch ((String) op.get(0)) {
				case "update" -> result.update(key, op.get(2));
				case "append" -> result.containsKey(key) && !(result.asMap().get(key) instanceof List) ? result
						: result.append(key, op.get(2));
				case "extend" -> result.containsKey(key) && !(result.asMap().get(key) instanceof List) ? result
						: result.extend(key, List.of(op.get(2), op.get(2)));
				case "increment" -> result.containsKey(key) && !NumberConversions.isIntegral(result.asMap().get(key))
						? result : result.increment(key, 3);
				case "wipe" -> result.wipe(key);
				case "rebuild" -> State.of(result.asMap()).update(key, op.get(2));
				default -> throw new IllegalArgumentException(op.toString());
			};
		}
		return result;
	}

	private static List<List<Object>> randomOps(Random random) {
		List<String> kinds = List.of("update", "append", "extend", "increment", "wipe", "rebuild");
		List<List<Object>> ops = new ArrayList<>();
		int count = random.nextInt(4);
		for (int i = 0; i < count; i++) {
			ops.add(List.of(kinds.get(random.nextInt(kinds.size())), KEYS.get(random.nextInt(KEYS.size())),
					"v" + random.nextInt(100)));
		}
		return ops;
	}

	/** A class-based action: its result names the ops, its update applies them to the keys it may write. */
	private static final class ClassicAction implements Action {

		@Override
		public List<String> reads() {
			return KEYS;
		}

		@Override
		public List<String> writes() {
			return KEYS;
		}

		@Override
		public List<String> inputs() {
			return List.of("ops", "fail");
		}

		@Override
		public Map<String, @Nullable Object> run(State state, Map<String, @Nullable Object> inputs) {
			if (Boolean.TRUE.equals(inputs.get("fail"))) {
				throw new IllegalStateException("planned failure");
			}
			return Map.of("ops", inputs.get("ops"));
		}

		@Override
		@SuppressWarnings("unchecked")
		public State update(Map<String, @Nullable Object> result, State state) {
			return applyOps(state, (List<List<Object>>) result.get("ops"));
		}

	}

	/** Keeps the last saved state and checks each known change against it. */
	private static final class RecordingSaver implements StateSaver {

		private final Map<Long, State> stored = new HashMap<>();

		private @Nullable State previous;

		private long previousSequenceId = -1;

		int saves;

		int known;

		int failed;

		boolean sawAppend;

		boolean sawPut;

		boolean sawRemove;

		boolean failNext;

		StateChange lastChange = StateChange.unknown();

		@Override
		public void initialize() {
		}

		@Override
		public boolean isInitialized() {
			return true;
		}

		@Override
		public void save(@Nullable String partitionKey, String appId, long sequenceId, String position, State state,
				Status status) {
			throw new AssertionError("the engine calls the save that takes a StateChange");
		}

		@Override
		public void save(@Nullable String partitionKey, String appId, long sequenceId, String position, State state,
				Status status, StateChange change) {
			if (this.failNext) {
				this.failNext = false;
				throw new IllegalStateException("storage is down");
			}
			this.saves++;
			this.lastChange = change;
			if (status == Status.FAILED) {
				this.failed++;
			}
			if (change.isKnown()) {
				this.known++;
				assertThat(sequenceId).isEqualTo(this.previousSequenceId + 1);
				State replayed = change.applyTo(this.previous);
				assertThat(replayed).as("step %s: %s applied to %s", sequenceId, change, this.previous)
					.isEqualTo(state);
				for (KeyChange keyChange : change.changes()) {
					this.sawAppend |= keyChange instanceof Append;
					this.sawPut |= keyChange instanceof Put && !keyChange.key().startsWith("__");
					this.sawRemove |= keyChange instanceof Remove;
				}
			}
			this.previous = state;
			this.previousSequenceId = sequenceId;
			this.stored.put(sequenceId, state);
		}

	}

}
