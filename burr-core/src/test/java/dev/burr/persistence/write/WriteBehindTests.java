package dev.burr.persistence.write;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.burr.core.State;
import dev.burr.persistence.BurrPersistenceException;
import dev.burr.persistence.InMemoryStatePersister;
import dev.burr.persistence.PersistedState;
import dev.burr.persistence.StateChange;
import dev.burr.persistence.StateConflictException;
import dev.burr.persistence.StateSaver;
import dev.burr.persistence.Status;
import dev.burr.persistence.StepSave;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class WriteBehindTests {

	private final InMemoryStatePersister store = new InMemoryStatePersister();

	private final GatedSaver target = new GatedSaver(this.store);

	private final List<WriteBehind> queues = new ArrayList<>();

	@AfterEach
	void closeQueues() {
		this.target.open();
		this.target.down.set(false);
		this.queues.forEach((queue) -> queue.close(Duration.ofSeconds(5)));
	}

	@Test
	void stepsOfManyAppsQueuedFromManyThreadsAreAllStoredInOrder() throws Exception {
		WriteBehind queue = queue(WriteBehindSettings.defaults().withMaxBatch(16));
		ExecutorService threads = Executors.newFixedThreadPool(5);
		List<Future<?>> writers = new ArrayList<>();
		for (int app = 0; app < 5; app++) {
			String appId = "app-" + app;
			writers.add(threads.submit(() -> {
				for (int seq = 0; seq < 100; seq++) {
					queue.enqueue(step(appId, seq), 0);
				}
			}));
		}
		for (Future<?> writer : writers) {
			writer.get(10, TimeUnit.SECONDS);
		}
		threads.shutdown();
		assertThat(queue.flush(Duration.ofSeconds(10))).isTrue();
		for (int app = 0; app < 5; app++) {
			List<PersistedState> history = this.store.history("pk", "app-" + app);
			assertThat(history).extracting(PersistedState::sequenceId).hasSize(100).isSorted();
			assertThat(history.get(99).state().get("n")).isEqualTo(99);
		}
		assertThat(this.target.largestBatch).isGreaterThan(1).isLessThanOrEqualTo(16);
		assertThat(queue.depth()).isZero();
		assertThat(queue.lag()).isEqualTo(Duration.ZERO);
	}

	@Test
	void aQueuedStepIsSeenByLoadsUntilItIsStored() {
		WriteBehind queue = this.store.writeBehind();
		this.queues.add(queue);
		this.target.close();
		WriteBehind gated = queue(WriteBehindSettings.defaults());
		gated.enqueue(step("a", 0), 0);
		gated.enqueue(step("a", 1), 0);
		assertThat(gated.queued("pk", "a", null)).map(PersistedState::sequenceId).hasValue(1L);
		assertThat(gated.queued("pk", "a", 0L)).map(PersistedState::position).hasValue("count");
		assertThat(gated.queued("pk", "a", 7L)).isEmpty();
		assertThat(gated.depth()).isEqualTo(2);
		this.target.open();
		assertThat(gated.flush(Duration.ofSeconds(5))).isTrue();
		assertThat(gated.queued("pk", "a", null)).isEmpty();
		assertThat(this.store.load("pk", "a", 1L)).isPresent();
	}

	@Test
	void theInMemoryPersistersLoadSeesItsOwnQueue() {
		WriteBehind queue = this.store.writeBehind();
		this.queues.add(queue);
		assertThat(this.store.writeBehind()).isSameAs(queue);
		queue.enqueue(step("mine", 0), 0);
		assertThat(queue.flush(Duration.ofSeconds(5))).isTrue();
		assertThat(this.store.load("pk", "mine")).map(PersistedState::sequenceId).hasValue(0L);
	}

	@Test
	void aFullQueueFailsAtOnceWhenToldTo() {
		this.target.close();
		WriteBehind queue = queue(WriteBehindSettings.defaults().withCapacity(3)
			.withWhenFull(WriteBehindSettings.WhenFull.FAIL));
		for (int seq = 0; seq < 3; seq++) {
			queue.enqueue(step("a", seq), 0);
		}
		assertThatThrownBy(() -> queue.enqueue(step("a", 3), 0)).isInstanceOf(BurrPersistenceException.class)
			.hasMessage("Cannot queue step 3 of app 'a' (partition key 'pk'): the write-behind queue of test is full "
					+ "(capacity 3)");
		this.target.open();
		assertThat(queue.flush(Duration.ofSeconds(5))).isTrue();
		assertThat(this.store.history("pk", "a")).hasSize(3);
	}

	@Test
	void aFullQueueBlocksUpToTheTimeoutThenFails() {
		this.target.close();
		WriteBehind queue = queue(WriteBehindSettings.defaults().withCapacity(2).withTimeout(Duration.ofMillis(200)));
		queue.enqueue(step("a", 0), 0);
		queue.enqueue(step("a", 1), 0);
		long started = System.nanoTime();
		assertThatThrownBy(() -> queue.enqueue(step("a", 2), 0)).isInstanceOf(BurrPersistenceException.class)
			.hasMessageContaining("is full (capacity 2) for PT0.2S");
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(190));
	}

	@Test
	void aBlockedSaveGoesOnOnceThereIsRoom() throws Exception {
		this.target.close();
		WriteBehind queue = queue(WriteBehindSettings.defaults().withCapacity(1));
		queue.enqueue(step("a", 0), 0);
		ExecutorService thread = Executors.newSingleThreadExecutor();
		Future<?> blocked = thread.submit(() -> queue.enqueue(step("a", 1), 0));
		Thread.sleep(100);
		assertThat(blocked).isNotDone();
		this.target.open();
		blocked.get(5, TimeUnit.SECONDS);
		thread.shutdown();
		assertThat(queue.flush(Duration.ofSeconds(5))).isTrue();
		assertThat(this.store.history("pk", "a")).hasSize(2);
	}

	@Test
	void duringAnOutageNothingIsDroppedAndTheWriterSaysWhyUntilItRecovers() {
		this.target.down.set(true);
		WriteBehind queue = queue(WriteBehindSettings.defaults());
		for (int seq = 0; seq < 5; seq++) {
			queue.enqueue(step("a", seq), 0);
		}
		await().atMost(5, TimeUnit.SECONDS).until(() -> queue.writerFailure().isPresent());
		assertThat(queue.writerFailure().get()).hasMessage("database is down");
		assertThat(queue.depth()).isEqualTo(5);
		assertThat(queue.lag()).isPositive();
		this.target.down.set(false);
		assertThat(queue.flush(Duration.ofSeconds(5))).isTrue();
		assertThat(queue.writerFailure()).isEmpty();
		assertThat(this.store.history("pk", "a")).extracting(PersistedState::sequenceId).containsExactly(0L, 1L, 2L,
				3L, 4L);
		assertThat(queue.droppedSteps()).isZero();
	}

	@Test
	void aRetryAfterAWriteWhoseAnswerWasLostDoesNotTakeItsOwnRowsForAnotherWriters() {
		LostAnswers target = new LostAnswers(this.store);
		WriteBehind queue = new WriteBehind(target, WriteBehindSettings.defaults(), "test");
		this.queues.add(queue);
		long mark = queue.failureMark();
		for (int seq = 0; seq < 6; seq++) {
			queue.enqueue(step("lost", seq), mark);
		}
		assertThat(queue.flush(Duration.ofSeconds(5))).isTrue();
		queue.flush("pk", "lost", mark);
		assertThat(target.lostAnswers).as("the first attempt stored its steps and reported a failure").isPositive();
		assertThat(this.store.history("pk", "lost")).extracting(PersistedState::sequenceId).containsExactly(0L, 1L, 2L,
				3L, 4L, 5L);
		assertThat(queue.droppedSteps()).isZero();
	}

	@Test
	void aConflictDropsTheAppsLaterStepsAndIsRaisedToWhoQueuedThemOnly() {
		this.store.save("pk", "a", 3, "count", State.of(Map.of("n", -3)), Status.COMPLETED);
		this.target.close();
		WriteBehind queue = queue(WriteBehindSettings.defaults());
		long mark = queue.failureMark();
		for (int seq = 0; seq < 7; seq++) {
			queue.enqueue(step("a", seq), mark);
		}
		queue.enqueue(step("other", 0), mark);
		this.target.open();
		assertThatThrownBy(() -> queue.flush("pk", "a", mark)).isInstanceOf(BurrPersistenceException.class)
			.hasMessageStartingWith("Step 3 of app 'a' (partition key 'pk') was not stored in test, so this "
					+ "application cannot go on; build it again to resume from what is stored")
			.hasCauseInstanceOf(StateConflictException.class);
		assertThat(this.store.history("pk", "a")).extracting(PersistedState::sequenceId).containsExactly(0L, 1L, 2L,
				3L);
		assertThat(this.store.load("pk", "a", 3L).orElseThrow().state().get("n")).as("the other writer's").isEqualTo(-3);
		assertThat(this.store.load("pk", "other")).isPresent();
		assertThat(queue.droppedSteps()).isEqualTo(3);
		assertThatThrownBy(() -> queue.enqueue(step("a", 7), mark)).hasMessageContaining("cannot go on to step 7");
		long later = queue.failureMark();
		queue.check("pk", "a", later);
		queue.enqueue(step("a", 4), later);
		assertThat(queue.flush(Duration.ofSeconds(5))).isTrue();
		assertThat(this.store.load("pk", "a")).map(PersistedState::sequenceId).hasValue(4L);
	}

	@Test
	void closeDrainsThenRefusesSaves() {
		WriteBehind queue = new WriteBehind(this.target, WriteBehindSettings.defaults(), "test");
		for (int seq = 0; seq < 50; seq++) {
			queue.enqueue(step("a", seq), 0);
		}
		queue.close();
		assertThat(this.store.history("pk", "a")).hasSize(50);
		assertThatThrownBy(() -> queue.enqueue(step("a", 50), 0)).isInstanceOf(BurrPersistenceException.class)
			.hasMessage("Cannot queue step 50 of app 'a' (partition key 'pk'): the write-behind queue of test is "
					+ "closed");
	}

	@Test
	void closeGivesUpAtItsTimeoutAndSaysHowManyStepsAreLost() {
		this.target.down.set(true);
		WriteBehind queue = new WriteBehind(this.target, WriteBehindSettings.defaults(), "test");
		queue.enqueue(step("a", 0), 0);
		queue.enqueue(step("a", 1), 0);
		assertThatThrownBy(() -> queue.close(Duration.ofMillis(100))).isInstanceOf(BurrPersistenceException.class)
			.hasMessageStartingWith("2 queued steps were not stored in test within PT0.1S of closing");
	}

	@Test
	void badSettingsAreRefusedNamingTheSetting() {
		assertThatThrownBy(() -> WriteBehindSettings.defaults().withCapacity(0))
			.hasMessage("write-behind capacity must be 1 or more, but was 0");
		assertThatThrownBy(() -> WriteBehindSettings.defaults().withMaxBatch(0))
			.hasMessage("write-behind maxBatch must be 1 or more, but was 0");
		assertThatThrownBy(() -> WriteBehindSettings.defaults().withTimeout(Duration.ofSeconds(-1)))
			.hasMessage("write-behind timeout must not be negative, but was PT-1S");
	}

	private WriteBehind queue(WriteBehindSettings settings) {
		WriteBehind queue = new WriteBehind(this.target, settings, "test");
		this.queues.add(queue);
		return queue;
	}

	private static StepSave step(String appId, long seq) {
		return new StepSave("pk", appId, seq, "count", State.of(Map.of("n", (int) seq)), Status.COMPLETED,
				StateChange.unknown());
	}

	/** A persister whose first batch is stored but answered with a failure, as when a connection drops after the commit. */
	private static final class LostAnswers implements StateSaver, dev.burr.persistence.StateLoader {

		private final InMemoryStatePersister store;

		volatile int lostAnswers;

		LostAnswers(InMemoryStatePersister store) {
			this.store = store;
		}

		@Override
		public void initialize() {
		}

		@Override
		public boolean isInitialized() {
			return true;
		}

		@Override
		public List<@Nullable RuntimeException> saveAll(List<StepSave> steps) {
			List<@Nullable RuntimeException> outcomes = StateSaver.super.saveAll(steps);
			if (this.lostAnswers == 0 && outcomes.stream().allMatch(java.util.Objects::isNull)) {
				this.lostAnswers = steps.size();
				return java.util.Collections.nCopies(steps.size(), new BurrPersistenceException("connection reset"));
			}
			return outcomes;
		}

		@Override
		public void save(@Nullable String partitionKey, String appId, long sequenceId, String position, State state,
				Status status) {
			this.store.save(partitionKey, appId, sequenceId, position, state, status);
		}

		@Override
		public java.util.Optional<PersistedState> load(@Nullable String partitionKey, String appId,
				@Nullable Long sequenceId) {
			return this.store.load(partitionKey, appId, sequenceId);
		}

		@Override
		public List<String> listAppIds(@Nullable String partitionKey) {
			return this.store.listAppIds(partitionKey);
		}

	}

	/** A saver whose writes wait while it is closed and fail while it is down. */
	private static final class GatedSaver implements StateSaver {

		private final StateSaver delegate;

		private volatile CountDownLatch gate = new CountDownLatch(0);

		final AtomicBoolean down = new AtomicBoolean();

		volatile int largestBatch;

		GatedSaver(StateSaver delegate) {
			this.delegate = delegate;
		}

		void close() {
			this.gate = new CountDownLatch(1);
		}

		void open() {
			this.gate.countDown();
		}

		@Override
		public void initialize() {
		}

		@Override
		public boolean isInitialized() {
			return true;
		}

		@Override
		public List<@Nullable RuntimeException> saveAll(List<StepSave> steps) {
			try {
				this.gate.await(10, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			this.largestBatch = Math.max(this.largestBatch, steps.size());
			return StateSaver.super.saveAll(steps);
		}

		@Override
		public void save(@Nullable String partitionKey, String appId, long sequenceId, String position, State state,
				Status status) {
			if (this.down.get()) {
				throw new BurrPersistenceException("database is down");
			}
			this.delegate.save(partitionKey, appId, sequenceId, position, state, status);
		}

	}

}
