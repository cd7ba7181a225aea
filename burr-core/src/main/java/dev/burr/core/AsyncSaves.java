package dev.burr.core;

import dev.burr.persistence.StepSave;
import dev.burr.persistence.write.WriteBehind;
import org.jspecify.annotations.Nullable;

/**
 * One {@code Durability.ASYNC} application's view of its persister's write-behind queue: it queues the
 * application's steps and raises the failures of steps that were queued after {@code sinceMark}, the queue's
 * failure mark taken before the application loaded its state.
 */
record AsyncSaves(WriteBehind queue, long sinceMark) {

	static AsyncSaves startingNow(WriteBehind queue) {
		return new AsyncSaves(queue, queue.failureMark());
	}

	void check(@Nullable String partitionKey, String appId) {
		this.queue.check(partitionKey, appId, this.sinceMark);
	}

	void enqueue(StepSave step) {
		this.queue.enqueue(step, this.sinceMark);
	}

	void flush(@Nullable String partitionKey, String appId) {
		this.queue.flush(partitionKey, appId, this.sinceMark);
	}

}
