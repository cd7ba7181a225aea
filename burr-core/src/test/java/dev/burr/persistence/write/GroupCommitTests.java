package dev.burr.persistence.write;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class GroupCommitTests {

	private final ExecutorService threads = Executors.newCachedThreadPool();

	private final List<List<Integer>> batches = Collections.synchronizedList(new ArrayList<>());

	private final CountDownLatch firstBatchEntered = new CountDownLatch(1);

	private final CountDownLatch releaseFirstBatch = new CountDownLatch(1);

	@AfterEach
	void stopThreads() {
		this.threads.shutdownNow();
	}

	@Test
	void aLoneWriteIsWrittenAtOnceAlone() {
		GroupCommit<Integer> group = new GroupCommit<>(256, this::record);
		group.write(1);
		group.write(2);
		assertThat(this.batches).containsExactly(List.of(1), List.of(2));
	}

	@Test
	void writesThatArriveDuringABatchShareTheNextOneUpToTheLimit() throws Exception {
		GroupCommit<Integer> group = new GroupCommit<>(4, this::holdingTheFirstBatch);
		Future<?> first = this.threads.submit(() -> group.write(0));
		assertThat(this.firstBatchEntered.await(5, TimeUnit.SECONDS)).isTrue();
		List<Future<?>> others = new ArrayList<>();
		for (int i = 1; i <= 10; i++) {
			int item = i;
			others.add(this.threads.submit(() -> group.write(item)));
		}
		await().atMost(5, TimeUnit.SECONDS).until(() -> waitingThreads() >= 10);
		this.releaseFirstBatch.countDown();
		first.get(5, TimeUnit.SECONDS);
		for (Future<?> other : others) {
			other.get(5, TimeUnit.SECONDS);
		}
		assertThat(this.batches).extracting(List::size).containsExactly(1, 4, 4, 2);
		assertThat(this.batches.stream().flatMap(List::stream)).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5, 6, 7, 8,
				9, 10);
	}

	@Test
	void aFailedItemFailsOnlyItsOwnCaller() throws Exception {
		GroupCommit<Integer> group = new GroupCommit<>(256, (items) -> {
			holdingTheFirstBatch(items);
			List<@Nullable RuntimeException> outcomes = new ArrayList<>();
			items.forEach((item) -> outcomes.add((item == 3) ? new IllegalStateException("item 3 refused") : null));
			return outcomes;
		});
		Future<?> first = this.threads.submit(() -> group.write(0));
		assertThat(this.firstBatchEntered.await(5, TimeUnit.SECONDS)).isTrue();
		List<Future<?>> others = new ArrayList<>();
		for (int i = 1; i <= 5; i++) {
			int item = i;
			others.add(this.threads.submit(() -> group.write(item)));
		}
		await().atMost(5, TimeUnit.SECONDS).until(() -> waitingThreads() >= 5);
		this.releaseFirstBatch.countDown();
		first.get(5, TimeUnit.SECONDS);
		for (int i = 0; i < others.size(); i++) {
			Future<?> other = others.get(i);
			if (i + 1 == 3) {
				assertThatThrownBy(() -> other.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(IllegalStateException.class)
					.hasMessageContaining("item 3 refused");
			}
			else {
				other.get(5, TimeUnit.SECONDS);
			}
		}
		assertThat(this.batches).extracting(List::size).containsExactly(1, 5);
	}

	@Test
	void aWriterThatThrowsFailsEveryCallerOfItsBatchAndTheNextBatchStillRuns() {
		GroupCommit<Integer> group = new GroupCommit<>(256, (items) -> {
			record(items);
			if (items.contains(1)) {
				throw new IllegalStateException("database gone");
			}
			return Collections.nCopies(items.size(), null);
		});
		assertThatThrownBy(() -> group.write(1)).hasMessage("database gone");
		group.write(2);
		assertThat(this.batches).containsExactly(List.of(1), List.of(2));
	}

	@Test
	void withSeveralBatchesInFlightEachCallerStillGetsItsOwnOutcomeAndNoBatchExceedsTheLimit() throws Exception {
		java.util.concurrent.atomic.AtomicInteger concurrent = new java.util.concurrent.atomic.AtomicInteger();
		java.util.concurrent.atomic.AtomicInteger mostConcurrent = new java.util.concurrent.atomic.AtomicInteger();
		GroupCommit<Integer> group = new GroupCommit<>(8, 3, (items) -> {
			mostConcurrent.accumulateAndGet(concurrent.incrementAndGet(), Math::max);
			try {
				Thread.sleep(2);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			concurrent.decrementAndGet();
			List<@Nullable RuntimeException> outcomes = new ArrayList<>(record(items));
			for (int i = 0; i < items.size(); i++) {
				outcomes.set(i, (items.get(i) % 7 == 0) ? new IllegalStateException("refused " + items.get(i)) : null);
			}
			return outcomes;
		});
		List<Future<?>> callers = new ArrayList<>();
		for (int thread = 0; thread < 32; thread++) {
			int base = thread * 1000;
			callers.add(this.threads.submit(() -> {
				for (int i = 1; i <= 20; i++) {
					int item = base + i;
					if (item % 7 == 0) {
						assertThatThrownBy(() -> group.write(item)).hasMessage("refused " + item);
					}
					else {
						group.write(item);
					}
				}
			}));
		}
		for (Future<?> caller : callers) {
			caller.get(30, TimeUnit.SECONDS);
		}
		assertThat(this.batches.stream().mapToInt(List::size).sum()).isEqualTo(32 * 20);
		assertThat(this.batches).allSatisfy((batch) -> assertThat(batch).hasSizeBetween(1, 8));
		assertThat(mostConcurrent.get()).isBetween(2, 3);
	}

	@Test
	void aBatchesInFlightLimitBelowOneIsRefused() {
		assertThatThrownBy(() -> new GroupCommit<Integer>(4, 0, this::record))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessage("maxInFlight must be 1 or more, but was 0");
	}

	@Test
	void aLimitBelowOneIsRefused() {
		assertThatThrownBy(() -> new GroupCommit<Integer>(0, this::record)).isInstanceOf(IllegalArgumentException.class)
			.hasMessage("maxBatch must be 1 or more, but was 0");
	}

	private List<@Nullable RuntimeException> record(List<Integer> items) {
		this.batches.add(List.copyOf(items));
		return Collections.nCopies(items.size(), null);
	}

	private List<@Nullable RuntimeException> holdingTheFirstBatch(List<Integer> items) {
		if (this.batches.isEmpty()) {
			this.firstBatchEntered.countDown();
			try {
				this.releaseFirstBatch.await(5, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		return record(items);
	}

	private long waitingThreads() {
		return Thread.getAllStackTraces().keySet().stream()
			.filter((thread) -> thread.getState() == Thread.State.WAITING
					&& java.util.Arrays.stream(thread.getStackTrace())
						.anyMatch((frame) -> frame.getClassName().equals(GroupCommit.class.getName())))
			.count();
	}

}
