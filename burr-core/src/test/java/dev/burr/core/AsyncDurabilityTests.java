package dev.burr.core;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.burr.persistence.BurrPersistenceException;
import dev.burr.persistence.Durability;
import dev.burr.persistence.InMemoryStatePersister;
import dev.burr.persistence.PersistedState;
import dev.burr.persistence.StateConflictException;
import dev.burr.persistence.Status;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Applications built with {@link Durability#ASYNC}: steps return once queued, and storage catches up in order. */
class AsyncDurabilityTests {

	private final InMemoryStatePersister store = new InMemoryStatePersister();

	@AfterEach
	void drain() {
		this.store.writeBehind().close(Duration.ofSeconds(5));
	}

	private Application counter(String appId, Durability durability) {
		return ApplicationBuilder.create()
			.withAction("counter", CounterApps.counter())
			.withTransitions(Transition.of("counter", "counter"))
			.withStatePersister(this.store)
			.initializeFrom(this.store, true, CounterApps.zero(), "counter")
			.withIdentifiers(appId, "pk")
			.withDurability(durability)
			.build();
	}

	@Test
	void anAsyncAppStoresTheSameStepsAsASyncOne() {
		Application async = counter("async", Durability.ASYNC);
		Application sync = counter("sync", Durability.SYNC);
		for (int i = 0; i < 200; i++) {
			async.step();
			sync.step();
		}
		async.flush();
		sync.flush();
		List<PersistedState> asyncSteps = this.store.history("pk", "async");
		List<PersistedState> syncSteps = this.store.history("pk", "sync");
		assertThat(asyncSteps).hasSize(200);
		for (int i = 0; i < 200; i++) {
			assertThat(asyncSteps.get(i).state()).isEqualTo(syncSteps.get(i).state());
			assertThat(asyncSteps.get(i).sequenceId()).isEqualTo(i);
		}
	}

	@Test
	void anAppBuiltWhileItsStepsAreQueuedResumesFromTheQueuedLatest() {
		Application first = counter("resumed", Durability.ASYNC);
		for (int i = 0; i < 50; i++) {
			first.step();
		}
		Application again = counter("resumed", Durability.ASYNC);
		assertThat(again.sequenceId()).hasValue(49);
		assertThat(again.state().get("count")).isEqualTo(50);
	}

	@Test
	void aStepThatWasNotStoredIsRaisedByTheNextStepAndTheAppDoesNotMove() {
		this.store.save("pk", "raced", 2, "counter", State.of(Map.of("count", 99)), Status.COMPLETED);
		Application app = counter("raced", Durability.ASYNC);
		assertThat(app.sequenceId()).as("it resumed the other writer's step 2").hasValue(2);
		this.store.save("pk", "raced", 4, "counter", State.of(Map.of("count", 500)), Status.COMPLETED);
		app.step();
		app.step();
		assertThatThrownBy(app::flush).isInstanceOf(BurrPersistenceException.class)
			.hasMessageStartingWith("Step 4 of app 'raced' (partition key 'pk') was not stored in memory")
			.hasCauseInstanceOf(StateConflictException.class);
		State before = app.state();
		assertThatThrownBy(app::step).isInstanceOf(BurrPersistenceException.class)
			.hasMessageContaining("cannot go on");
		assertThat(app.sequenceId()).hasValue(4);
		assertThat(app.state()).isEqualTo(before);
		assertThat(this.store.history("pk", "raced")).extracting(PersistedState::sequenceId).containsExactly(2L, 3L,
				4L);
		Application rebuilt = counter("raced", Durability.ASYNC);
		assertThat(rebuilt.state().get("count")).isEqualTo(500);
		rebuilt.step();
		rebuilt.flush();
		assertThat(this.store.load("pk", "raced")).map(PersistedState::sequenceId).hasValue(5L);
	}

	@Test
	void asyncNeedsAPersisterThatQueues() {
		DelegatingPersister noQueue = new DelegatingPersister(this.store, true);
		assertThatThrownBy(() -> CounterApps.countTo(3).withState(CounterApps.zero()).withEntrypoint("counter")
			.withStatePersister(noQueue)
			.withDurability(Durability.ASYNC)
			.build()).isInstanceOf(IllegalStateException.class)
			.hasMessage("withDurability(ASYNC) needs a persister with a write-behind queue, but "
					+ DelegatingPersister.class.getName() + " has none (its writeBehind() returns null): use "
					+ "Durability.SYNC, or a persister that queues (JdbcStatePersister, RedisStatePersister, "
					+ "InMemoryStatePersister)");
		assertThatThrownBy(() -> CounterApps.countTo(3).withState(CounterApps.zero()).withEntrypoint("counter")
			.withDurability(Durability.ASYNC)
			.build()).isInstanceOf(IllegalStateException.class)
			.hasMessageStartingWith("withDurability(ASYNC) needs a persister");
	}

	@Test
	void flushOfASyncAppReturnsAtOnce() {
		Application app = counter("sync-flush", Durability.SYNC);
		app.step();
		app.flush();
		assertThat(this.store.load("pk", "sync-flush")).isPresent();
	}

}
