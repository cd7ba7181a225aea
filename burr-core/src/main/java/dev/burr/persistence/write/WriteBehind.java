package dev.burr.persistence.write;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import dev.burr.core.State;
import dev.burr.persistence.BurrPersistenceException;
import dev.burr.persistence.Durability;
import dev.burr.persistence.PartitionKeys;
import dev.burr.persistence.PersistedState;
import dev.burr.persistence.StateChange;
import dev.burr.persistence.StateConflictException;
import dev.burr.persistence.StateLoader;
import dev.burr.persistence.StateSaver;
import dev.burr.persistence.Status;
import dev.burr.persistence.StepSave;
import org.jspecify.annotations.Nullable;

/**
 * Write-behind for {@link Durability#ASYNC}: a save returns once its step is queued, and one writer thread stores
 * the queue through the target's {@link StateSaver#saveAll}, in batches of up to
 * {@link WriteBehindSettings#maxBatch()}, in the order the steps were queued.
 * <p>
 * <b>Bounded.</b> At most {@link WriteBehindSettings#capacity()} steps are queued or being written; a save that
 * finds the queue full waits up to the timeout or fails at once ({@link WriteBehindSettings.WhenFull}), with a
 * {@link BurrPersistenceException}.
 * <p>
 * <b>No gaps.</b> A step is stored only after every earlier step of its app queued here is. When a step is not
 * stored (a {@link StateConflictException}, or a failure of that step alone), the app's later queued steps are
 * dropped, and every application that queued or loaded one of them gets the failure at its next step or flush
 * ({@link #check}); an application built after the failure starts from what is stored. When a whole batch fails
 * with a {@link BurrPersistenceException} (the database is down), nothing is dropped: the writer retries it with
 * a growing pause (up to one second) and {@link #writerFailure()} says why until a write succeeds. When the
 * target is also a {@link StateLoader}, a retry first leaves out the steps the failed attempt stored after all
 * (a commit whose answer was lost), found by loading them and comparing position, status and state.
 * <p>
 * An idle writer looks for steps every millisecond rather than being woken by each save, so a save costs no
 * thread wake-up; a step waits at most about that long before its batch starts.
 * <p>
 * <b>Crash story.</b> A crash loses what was queued and not yet written, at most the capacity in all; what is
 * stored of each app is always its steps from the first up to some step, with no gap.
 * <p>
 * The target's loads should consult {@link #queued} first, so that an app loaded in this JVM sees its queued
 * steps. {@link #close()} drains the queue within the timeout and stops the writer. Thread-safe.
 */
public final class WriteBehind implements StateSaver, AutoCloseable {

	private static final long FIRST_RETRY_PAUSE_MILLIS = 10;

	private static final long LONGEST_RETRY_PAUSE_MILLIS = 1000;

	/** How often an idle writer looks for queued steps. */
	private static final long IDLE_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

	private final StateSaver target;

	private final WriteBehindSettings settings;

	private final String name;

	private final ReentrantLock lock = new ReentrantLock();

	/** Signalled whenever steps are written or dropped, and when the queue closes: flushes and full saves wait on it. */
	private final Condition changed = this.lock.newCondition();

	/**
	 * The idle writer's wait: signalled only when a full batch is queued or the queue closes. Otherwise the
	 * writer looks for steps every {@link #IDLE_POLL_NANOS}, so that queuing a step never has to wake a thread.
	 */
	private final Condition work = this.lock.newCondition();

	/** Steps queued and not yet taken by the writer, oldest first. */
	private final ArrayDeque<Entry> queue = new ArrayDeque<>();

	/** Per app: its steps queued or being written, and its last failure. */
	private final Map<AppKey, AppSlot> apps = new HashMap<>();

	private final List<Listener> listeners = new CopyOnWriteArrayList<>();

	/** Steps queued or being written. */
	private int pending;

	/** Counts failures, so that an application knows whether one happened after it started. */
	private long failures;

	private @Nullable Instant oldestInFlight;

	private @Nullable Thread writer;

	private boolean closed;

	/** Finds the steps a write stored although it failed; {@code null} when the target cannot load. */
	private final @Nullable StoredAlready storedAlready;

	private volatile @Nullable RuntimeException writerFailure;

	private volatile long dropped;

	/**
	 * @param target where the steps are stored
	 * @param name names the writer thread and the messages ({@code "table 'burr_state'"})
	 */
	public WriteBehind(StateSaver target, WriteBehindSettings settings, String name) {
		this.target = Objects.requireNonNull(target, "target");
		this.settings = Objects.requireNonNull(settings, "settings");
		this.name = Objects.requireNonNull(name, "name");
		this.storedAlready = (target instanceof StateLoader loader) ? new StoredAlready(loader) : null;
	}

	/** The settings this queue was made with. */
	public WriteBehindSettings settings() {
		return this.settings;
	}

	/** Tells the target's initialization. */
	@Override
	public void initialize() {
		this.target.initialize();
	}

	@Override
	public boolean isInitialized() {
		return this.target.isInitialized();
	}

	/** Itself: it is the queue. */
	@Override
	public WriteBehind writeBehind() {
		return this;
	}

	@Override
	public void save(@Nullable String partitionKey, String appId, long sequenceId, String position, State state,
			Status status) {
		save(partitionKey, appId, sequenceId, position, state, status, StateChange.unknown());
	}

	/**
	 * Queues the step, as {@link #enqueue} with a mark of 0: it is refused while any earlier failure of its app
	 * is recorded here. Applications use {@link #enqueue} with their own mark instead.
	 */
	@Override
	public void save(@Nullable String partitionKey, String appId, long sequenceId, String position, State state,
			Status status, StateChange change) {
		enqueue(new StepSave(partitionKey, appId, sequenceId, position, state, status, change), 0);
	}

	/**
	 * The mark an application takes when it starts: {@link #check} then raises only the failures that happened
	 * after it.
	 */
	public long failureMark() {
		this.lock.lock();
		try {
			return this.failures;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Queues {@code step} and returns at once, or when the queue is full, as the settings say.
	 * @param sinceMark the {@link #failureMark()} of the application queuing it
	 * @throws BurrPersistenceException when a step of this app failed after {@code sinceMark} (nothing is queued:
	 * the application must not move past it), when the queue stays full, or when it is closed
	 */
	public void enqueue(StepSave step, long sinceMark) {
		AppKey key = AppKey.of(step.partitionKey(), step.appId());
		Entry entry = new Entry(step, key, Instant.now());
		this.lock.lock();
		try {
			raiseFailure(key, sinceMark, step.sequenceId());
			awaitRoom(step);
			this.queue.add(entry);
			this.apps.computeIfAbsent(key, (k) -> new AppSlot()).pending.add(entry);
			this.pending++;
			startWriter();
			if (this.queue.size() >= this.settings.maxBatch()) {
				this.work.signal();
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Raises the failure of a step of the app that happened after {@code sinceMark}, if any.
	 * @throws BurrPersistenceException naming the step that was not stored, caused by why
	 */
	public void check(@Nullable String partitionKey, String appId, long sinceMark) {
		this.lock.lock();
		try {
			raiseFailure(AppKey.of(partitionKey, appId), sinceMark, null);
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Waits until no step of the app is queued or being written, then raises a failure after {@code sinceMark}.
	 * @throws BurrPersistenceException on such a failure, or when the steps are not stored within the timeout
	 */
	public void flush(@Nullable String partitionKey, String appId, long sinceMark) {
		AppKey key = AppKey.of(partitionKey, appId);
		this.lock.lock();
		try {
			long deadline = System.nanoTime() + this.settings.timeout().toNanos();
			while (true) {
				raiseFailure(key, sinceMark, null);
				AppSlot slot = this.apps.get(key);
				if (slot == null || slot.pending.isEmpty()) {
					return;
				}
				long left = deadline - System.nanoTime();
				if (left <= 0) {
					throw new BurrPersistenceException(slot.pending.size() + " queued steps of app '" + appId
							+ "' (partition key '" + key.partitionKey() + "') were not stored in " + this.name
							+ " within " + this.settings.timeout() + stillFailing());
				}
				awaitNanos(left);
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Waits until everything queued so far is written or dropped.
	 * @return whether the queue drained within {@code timeout}
	 */
	public boolean flush(Duration timeout) {
		this.lock.lock();
		try {
			long deadline = System.nanoTime() + timeout.toNanos();
			while (this.pending > 0) {
				long left = deadline - System.nanoTime();
				if (left <= 0) {
					return false;
				}
				awaitNanos(left);
			}
			return true;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * The newest queued step of an app, or its step {@code sequenceId}, while it is queued or being written.
	 * Empty on the writer's own thread, whose loads look for what is stored.
	 */
	public Optional<PersistedState> queued(@Nullable String partitionKey, String appId, @Nullable Long sequenceId) {
		AppKey key = AppKey.of(partitionKey, appId);
		this.lock.lock();
		try {
			if (Thread.currentThread() == this.writer) {
				return Optional.empty();
			}
			AppSlot slot = this.apps.get(key);
			if (slot == null || slot.pending.isEmpty()) {
				return Optional.empty();
			}
			if (sequenceId == null) {
				return Optional.of(slot.pending.peekLast().persisted());
			}
			for (Entry entry : slot.pending) {
				if (entry.step.sequenceId() == sequenceId) {
					return Optional.of(entry.persisted());
				}
			}
			return Optional.empty();
		}
		finally {
			this.lock.unlock();
		}
	}

	/** Steps queued or being written. */
	public int depth() {
		this.lock.lock();
		try {
			return this.pending;
		}
		finally {
			this.lock.unlock();
		}
	}

	/** How long the oldest step queued or being written has waited; zero when there is none. */
	public Duration lag() {
		this.lock.lock();
		try {
			Instant oldest = this.oldestInFlight;
			if (oldest == null && !this.queue.isEmpty()) {
				oldest = this.queue.peek().queuedAt;
			}
			return (oldest != null) ? Duration.between(oldest, Instant.now()) : Duration.ZERO;
		}
		finally {
			this.lock.unlock();
		}
	}

	/** Why the last batch could not be written while the writer retries it; empty once a write succeeds. */
	public Optional<RuntimeException> writerFailure() {
		return Optional.ofNullable(this.writerFailure);
	}

	/** Steps not stored because an earlier step of their app was not, since this queue was made. */
	public long droppedSteps() {
		return this.dropped;
	}

	/** Tells {@code listener} about every batch written. */
	public void addListener(Listener listener) {
		this.listeners.add(Objects.requireNonNull(listener, "listener"));
	}

	/**
	 * Stops taking saves, waits up to the timeout for the queue to drain, and stops the writer.
	 * @throws BurrPersistenceException when steps were still queued at the timeout: they are not stored
	 */
	@Override
	public void close() {
		close(this.settings.timeout());
	}

	/**
	 * {@link #close()} with its own timeout, for a shutdown phase.
	 * @throws BurrPersistenceException when steps were still queued at the timeout: they are not stored
	 */
	public void close(Duration timeout) {
		Thread running;
		int lost;
		this.lock.lock();
		try {
			this.closed = true;
			this.changed.signalAll();
			this.work.signal();
			long deadline = System.nanoTime() + timeout.toNanos();
			while (this.pending > 0) {
				long left = deadline - System.nanoTime();
				if (left <= 0) {
					break;
				}
				awaitNanos(left);
			}
			lost = this.pending;
			running = this.writer;
		}
		finally {
			this.lock.unlock();
		}
		if (running != null) {
			running.interrupt();
			joinQuietly(running);
		}
		if (lost > 0) {
			throw new BurrPersistenceException(lost + " queued steps were not stored in " + this.name + " within "
					+ timeout + " of closing" + stillFailing());
		}
	}

	private void raiseFailure(AppKey key, long sinceMark, @Nullable Long sequenceId) {
		AppSlot slot = this.apps.get(key);
		Failure failure = (slot != null) ? slot.failure : null;
		if (failure != null && failure.mark > sinceMark) {
			throw new BurrPersistenceException("Step " + failure.sequenceId + " of app '" + key.appId()
					+ "' (partition key '" + key.partitionKey() + "') was not stored in " + this.name
					+ ", so this application cannot go on"
					+ ((sequenceId != null) ? " to step " + sequenceId : "")
					+ "; build it again to resume from what is stored: " + failure.cause.getMessage(), failure.cause);
		}
	}

	private void awaitRoom(StepSave step) {
		if (this.closed) {
			throw new BurrPersistenceException("Cannot queue " + step.describe() + ": the write-behind queue of "
					+ this.name + " is closed");
		}
		if (this.pending < this.settings.capacity()) {
			return;
		}
		if (this.settings.whenFull() == WriteBehindSettings.WhenFull.FAIL) {
			throw full(step, "");
		}
		long deadline = System.nanoTime() + this.settings.timeout().toNanos();
		while (this.pending >= this.settings.capacity()) {
			long left = deadline - System.nanoTime();
			if (left <= 0 || this.closed) {
				throw full(step, " for " + this.settings.timeout());
			}
			awaitNanos(left);
		}
	}

	private BurrPersistenceException full(StepSave step, String howLong) {
		return new BurrPersistenceException("Cannot queue " + step.describe() + ": the write-behind queue of "
				+ this.name + " is full (capacity " + this.settings.capacity() + ")" + howLong + stillFailing(),
				this.writerFailure);
	}

	private String stillFailing() {
		RuntimeException failure = this.writerFailure;
		return (failure != null) ? "; the writer is failing: " + failure.getMessage() : "";
	}

	private void awaitNanos(long nanos) {
		try {
			this.changed.awaitNanos(nanos);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new BurrPersistenceException("Interrupted while waiting for the write-behind queue of " + this.name,
					ex);
		}
	}

	private void startWriter() {
		if (this.writer == null) {
			Thread thread = new Thread(this::writeUntilClosed, "burr-write-behind " + this.name);
			thread.setDaemon(true);
			this.writer = thread;
			thread.start();
		}
	}

	private void writeUntilClosed() {
		try {
			while (true) {
				List<Entry> batch = take();
				if (batch.isEmpty()) {
					return;
				}
				long started = System.nanoTime();
				List<@Nullable RuntimeException> outcomes = writeRetryingOutages(batch);
				Duration took = Duration.ofNanos(System.nanoTime() - started);
				for (Listener listener : this.listeners) {
					listener.batchWritten(batch.size(), took);
				}
				finish(batch, outcomes);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private List<Entry> take() throws InterruptedException {
		this.lock.lock();
		try {
			while (this.queue.isEmpty()) {
				if (this.closed) {
					this.writer = null;
					return List.of();
				}
				this.work.awaitNanos(IDLE_POLL_NANOS);
			}
			List<Entry> batch = new ArrayList<>(Math.min(this.queue.size(), this.settings.maxBatch()));
			while (batch.size() < this.settings.maxBatch() && !this.queue.isEmpty()) {
				batch.add(this.queue.poll());
			}
			this.oldestInFlight = batch.get(0).queuedAt;
			return batch;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Writes the batch, retrying it while the storage is down. Before a retry, the steps the failed attempt
	 * stored after all (its commit happened, its answer was lost) are found and taken out, so that the retry does
	 * not take them for another writer's.
	 */
	private List<@Nullable RuntimeException> writeRetryingOutages(List<Entry> batch) throws InterruptedException {
		List<@Nullable RuntimeException> outcomes = new ArrayList<>(Collections.nCopies(batch.size(), null));
		List<Integer> left = new ArrayList<>(batch.size());
		for (int i = 0; i < batch.size(); i++) {
			left.add(i);
		}
		long pause = FIRST_RETRY_PAUSE_MILLIS;
		boolean retry = false;
		while (true) {
			if (retry && this.storedAlready != null) {
				left.removeIf((i) -> this.storedAlready.holds(batch.get(i).step));
			}
			List<StepSave> steps = new ArrayList<>(left.size());
			for (int i : left) {
				steps.add(batch.get(i).step);
			}
			List<@Nullable RuntimeException> written = steps.isEmpty() ? List.of() : write(steps);
			RuntimeException outage = outage(written);
			if (outage == null) {
				this.writerFailure = null;
				for (int j = 0; j < left.size(); j++) {
					outcomes.set(left.get(j), written.get(j));
				}
				return outcomes;
			}
			this.writerFailure = outage;
			TimeUnit.MILLISECONDS.sleep(pause);
			pause = Math.min(pause * 2, LONGEST_RETRY_PAUSE_MILLIS);
			retry = true;
		}
	}

	private List<@Nullable RuntimeException> write(List<StepSave> steps) {
		try {
			List<@Nullable RuntimeException> outcomes = this.target.saveAll(steps);
			if (outcomes.size() != steps.size()) {
				throw new IllegalStateException(this.target.getClass().getName() + ".saveAll returned "
						+ outcomes.size() + " outcomes for " + steps.size() + " steps");
			}
			return outcomes;
		}
		catch (RuntimeException ex) {
			List<@Nullable RuntimeException> outcomes = new ArrayList<>(steps.size());
			for (int i = 0; i < steps.size(); i++) {
				outcomes.add(ex);
			}
			return outcomes;
		}
	}

	/**
	 * The failure to retry the batch for, when no step of it was stored and none was refused for itself (no
	 * conflict, nothing but {@link BurrPersistenceException}s): the storage is down, not the steps wrong.
	 */
	private static @Nullable RuntimeException outage(List<@Nullable RuntimeException> outcomes) {
		if (outcomes.isEmpty()) {
			return null;
		}
		for (RuntimeException outcome : outcomes) {
			if (outcome == null || outcome instanceof StateConflictException
					|| !(outcome instanceof BurrPersistenceException)) {
				return null;
			}
		}
		return outcomes.get(0);
	}

	private void finish(List<Entry> batch, List<@Nullable RuntimeException> outcomes) {
		Set<AppKey> failedNow = new HashSet<>();
		this.lock.lock();
		try {
			for (int i = 0; i < batch.size(); i++) {
				Entry entry = batch.get(i);
				AppSlot slot = this.apps.get(entry.app);
				slot.pending.remove(entry);
				this.pending--;
				RuntimeException failure = outcomes.get(i);
				if (failure != null) {
					fail(entry, slot, failure, failedNow.add(entry.app));
				}
				else if (slot.pending.isEmpty() && slot.failure == null) {
					this.apps.remove(entry.app);
				}
			}
			this.oldestInFlight = null;
			this.changed.signalAll();
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Records that {@code entry} was not stored and drops the app's later queued steps.
	 * @param first whether it is the first step of its app that failed in its batch: the later ones failed
	 * because of it, and the app's failure stays the first
	 */
	private void fail(Entry entry, AppSlot slot, RuntimeException cause, boolean first) {
		if (first) {
			slot.failure = new Failure(entry.step.sequenceId(), cause, ++this.failures);
		}
		else {
			this.dropped++;
		}
		for (Iterator<Entry> later = this.queue.iterator(); later.hasNext();) {
			Entry queued = later.next();
			if (queued.app.equals(entry.app)) {
				later.remove();
				slot.pending.remove(queued);
				this.pending--;
				this.dropped++;
			}
		}
	}

	private static void joinQuietly(Thread thread) {
		try {
			thread.join(TimeUnit.SECONDS.toMillis(5));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/** Told about each batch the writer wrote (its steps stored or refused). */
	@FunctionalInterface
	public interface Listener {

		/** A batch of {@code size} steps took {@code took}. */
		void batchWritten(int size, Duration took);

	}

	private record AppKey(String partitionKey, String appId) {

		static AppKey of(@Nullable String partitionKey, String appId) {
			return new AppKey(PartitionKeys.normalize(partitionKey), appId);
		}

	}

	private static final class AppSlot {

		final ArrayDeque<Entry> pending = new ArrayDeque<>();

		@Nullable Failure failure;

	}

	private record Failure(long sequenceId, RuntimeException cause, long mark) {
	}

	private static final class Entry {

		final StepSave step;

		final AppKey app;

		final Instant queuedAt;

		Entry(StepSave step, AppKey app, Instant queuedAt) {
			this.step = step;
			this.app = app;
			this.queuedAt = queuedAt;
		}

		PersistedState persisted() {
			return new PersistedState(this.app.partitionKey(), this.step.appId(), this.step.sequenceId(),
					this.step.position(), this.step.state(), this.queuedAt, this.step.status());
		}

	}

}
