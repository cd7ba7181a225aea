package dev.burr.persistence.write;

import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link WriteBehind} queue behaves; immutable, changed with the {@code with} methods.
 *
 * @param capacity most steps queued or being written at once, at least 1
 * @param whenFull what a save does when the queue is full
 * @param timeout how long a save waits for room ({@link WhenFull#BLOCK}), and a flush for the queue to drain
 * @param maxBatch most steps written in one batch, at least 1
 */
public record WriteBehindSettings(int capacity, WhenFull whenFull, Duration timeout, int maxBatch) {

	/** Capacity unless set: a crash loses at most this many steps, and the queue holds at most this many states. */
	public static final int DEFAULT_CAPACITY = 10_000;

	/** Batch limit unless set. */
	public static final int DEFAULT_MAX_BATCH = 256;

	/** Timeout unless set. */
	public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

	public WriteBehindSettings {
		if (capacity < 1) {
			throw new IllegalArgumentException("write-behind capacity must be 1 or more, but was " + capacity);
		}
		Objects.requireNonNull(whenFull, "whenFull must not be null");
		Objects.requireNonNull(timeout, "timeout must not be null");
		if (timeout.isNegative()) {
			throw new IllegalArgumentException("write-behind timeout must not be negative, but was " + timeout);
		}
		if (maxBatch < 1) {
			throw new IllegalArgumentException("write-behind maxBatch must be 1 or more, but was " + maxBatch);
		}
	}

	/** Capacity 10,000, block for up to 30 seconds when full, batches of up to 256. */
	public static WriteBehindSettings defaults() {
		return new WriteBehindSettings(DEFAULT_CAPACITY, WhenFull.BLOCK, DEFAULT_TIMEOUT, DEFAULT_MAX_BATCH);
	}

	public WriteBehindSettings withCapacity(int capacity) {
		return new WriteBehindSettings(capacity, this.whenFull, this.timeout, this.maxBatch);
	}

	public WriteBehindSettings withWhenFull(WhenFull whenFull) {
		return new WriteBehindSettings(this.capacity, whenFull, this.timeout, this.maxBatch);
	}

	public WriteBehindSettings withTimeout(Duration timeout) {
		return new WriteBehindSettings(this.capacity, this.whenFull, timeout, this.maxBatch);
	}

	public WriteBehindSettings withMaxBatch(int maxBatch) {
		return new WriteBehindSettings(this.capacity, this.whenFull, this.timeout, maxBatch);
	}

	/** What a save does when the queue is full. */
	public enum WhenFull {

		/** Waits for room up to the timeout, then fails with a {@code BurrPersistenceException}. */
		BLOCK,

		/** Fails at once with a {@code BurrPersistenceException}. */
		FAIL

	}

}
