package dev.burr.persistence.write;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

import org.jspecify.annotations.Nullable;

/**
 * Group commit for synchronous saves: callers that arrive while batches are being written (up to
 * {@code maxInFlight} at once) wait, and the first of them then writes all of them (up to {@code maxBatch}) as the
 * next batch, in one transaction or round trip of the {@link BatchWriter}. Each caller returns once its own item is written, with its own outcome: a failure of
 * one item fails only its caller. A caller that finds nothing being written writes its item at once, alone, so
 * a save without concurrency waits for nothing. No thread of its own. Thread-safe.
 *
 * @param <T> what is written
 */
public final class GroupCommit<T> {

	private final int maxBatch;

	private final int maxInFlight;

	private final BatchWriter<T> writer;

	private final ReentrantLock lock = new ReentrantLock();

	private final ArrayDeque<Waiter<T>> waiting = new ArrayDeque<>();

	/** How many callers are writing a batch; guarded by {@link #lock}. */
	private int writing;

	/**
	 * A group commit that writes one batch at a time.
	 * @param maxBatch most items in one batch, at least 1
	 * @param writer writes a batch and says, per item, whether it was written
	 */
	public GroupCommit(int maxBatch, BatchWriter<T> writer) {
		this(maxBatch, 1, writer);
	}

	/**
	 * @param maxBatch most items in one batch, at least 1
	 * @param maxInFlight most batches written at once, at least 1: more than one lets a database that works on
	 * several connections at once (and merges their commits' flushes itself) write batches side by side
	 * @param writer writes a batch and says, per item, whether it was written; called by up to
	 * {@code maxInFlight} threads at once
	 */
	public GroupCommit(int maxBatch, int maxInFlight, BatchWriter<T> writer) {
		if (maxBatch < 1) {
			throw new IllegalArgumentException("maxBatch must be 1 or more, but was " + maxBatch);
		}
		if (maxInFlight < 1) {
			throw new IllegalArgumentException("maxInFlight must be 1 or more, but was " + maxInFlight);
		}
		this.maxBatch = maxBatch;
		this.maxInFlight = maxInFlight;
		this.writer = Objects.requireNonNull(writer, "writer");
	}

	/**
	 * A persister builder's {@code groupCommitLimit}, checked.
	 * @throws IllegalArgumentException naming {@code groupCommitLimit} when it is below 1
	 */
	public static int checkLimit(int groupCommitLimit) {
		if (groupCommitLimit < 1) {
			throw new IllegalArgumentException("groupCommitLimit must be 1 or more, but was " + groupCommitLimit);
		}
		return groupCommitLimit;
	}

	/**
	 * Writes {@code item}, alone or with the items of other callers, and returns once it is written.
	 * @throws RuntimeException what the writer reported for this item
	 */
	public void write(T item) {
		Waiter<T> self = new Waiter<>(item, Thread.currentThread());
		this.lock.lock();
		try {
			this.waiting.add(self);
			if (this.writing < this.maxInFlight) {
				this.writing++;
				self.leads = true;
			}
		}
		finally {
			this.lock.unlock();
		}
		boolean interrupted = false;
		while (true) {
			if (self.leads) {
				self.leads = false;
				writeBatch();
			}
			else if (self.done) {
				break;
			}
			else {
				LockSupport.park(this);
				interrupted |= Thread.interrupted();
			}
		}
		if (interrupted) {
			Thread.currentThread().interrupt();
		}
		RuntimeException failure = self.failure;
		if (failure != null) {
			throw failure;
		}
	}

	/**
	 * Writes the waiting items at the head (the caller's own item may already be in another caller's batch),
	 * then hands its turn to the first caller still waiting without one, or gives it up.
	 */
	private void writeBatch() {
		List<Waiter<T>> batch = new ArrayList<>();
		this.lock.lock();
		try {
			while (batch.size() < this.maxBatch && !this.waiting.isEmpty()) {
				batch.add(this.waiting.poll());
			}
		}
		finally {
			this.lock.unlock();
		}
		List<@Nullable RuntimeException> outcomes = outcomes(batch);
		Waiter<T> next;
		this.lock.lock();
		try {
			next = firstNotLeading();
			if (next != null) {
				next.leads = true;
			}
			else {
				this.writing--;
			}
		}
		finally {
			this.lock.unlock();
		}
		for (int i = 0; i < batch.size(); i++) {
			Waiter<T> waiter = batch.get(i);
			waiter.failure = outcomes.get(i);
			waiter.done = true;
			LockSupport.unpark(waiter.thread);
		}
		if (next != null) {
			LockSupport.unpark(next.thread);
		}
	}

	/** The first waiting caller that is not already about to write a batch; guarded by {@link #lock}. */
	private @Nullable Waiter<T> firstNotLeading() {
		for (Waiter<T> waiter : this.waiting) {
			if (!waiter.leads) {
				return waiter;
			}
		}
		return null;
	}

	private List<@Nullable RuntimeException> outcomes(List<Waiter<T>> batch) {
		if (batch.isEmpty()) {
			return List.of();
		}
		List<T> items = new ArrayList<>(batch.size());
		for (Waiter<T> waiter : batch) {
			items.add(waiter.item);
		}
		try {
			List<@Nullable RuntimeException> outcomes = this.writer.write(items);
			if (outcomes.size() != items.size()) {
				throw new IllegalStateException("The batch writer returned " + outcomes.size() + " outcomes for "
						+ items.size() + " items");
			}
			return outcomes;
		}
		catch (RuntimeException | Error ex) {
			RuntimeException failure = (ex instanceof RuntimeException runtime) ? runtime
					: new IllegalStateException("The batch write failed: " + ex, ex);
			return Collections.nCopies(items.size(), failure);
		}
	}

	/** Writes a batch of items. */
	@FunctionalInterface
	public interface BatchWriter<T> {

		/**
		 * Writes {@code items}, in order.
		 * @return one entry per item, in order: {@code null} when it is written, otherwise why not
		 */
		List<@Nullable RuntimeException> write(List<T> items);

	}

	private static final class Waiter<T> {

		final T item;

		final Thread thread;

		volatile boolean leads;

		volatile boolean done;

		volatile @Nullable RuntimeException failure;

		Waiter(T item, Thread thread) {
			this.item = item;
			this.thread = thread;
		}

	}

}
