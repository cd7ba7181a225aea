package dev.burr.benchmarks;

import java.util.List;

import dev.burr.core.State;
import dev.burr.persistence.StatePersister;
import dev.burr.persistence.write.WriteBehindSettings;

/**
 * One storage backend: our persister, and raw code writing and reading the same bytes without Burr. Tables
 * and namespaces are unique to the run and removed by {@link #close()}.
 */
interface Backend extends AutoCloseable {

	String name();

	/** Our persister, initialized. */
	StatePersister ours();

	/**
	 * Raw writes of already serialized state. {@code dedicated}: one connection held for the writer's life
	 * (a plain single-threaded loop); otherwise one borrowed from the shared pool for each write.
	 */
	RawWriter rawWriter(boolean dedicated);

	/** Raw read of the latest stored step's state JSON (or state) of an app. */
	RawReader rawReader();

	/** Stores rows into our persister's storage, as fast as it can, for the load-latest case. */
	void populate(List<Row> rows);

	/** Called before every warm-up and trial: the in-memory backend drops what it holds. */
	default void reset() {
	}

	/**
	 * For case 7: a new persister of ours on the same storage as {@link #ours()} (table or namespace, pool or
	 * connection factory), committing the saves of concurrent callers in groups of at most
	 * {@code groupCommitLimit} (1: each on its own), with a write-behind queue of its own for
	 * {@code Durability.ASYNC} applications with {@code writeBehind}. Close it when done: that drains the queue.
	 */
	default StatePersister durable(int groupCommitLimit, WriteBehindSettings writeBehind) {
		throw new UnsupportedOperationException("case 7 does not run on " + name());
	}

	/** A short note on what the raw baseline does on this backend. */
	String rawDescription();

	@Override
	void close();

	/** One stored step. */
	record Row(String partitionKey, String appId, long sequenceId, String position, State state, String json) {
	}

	interface RawWriter extends AutoCloseable {

		void insert(String partitionKey, String appId, long sequenceId, String position, String json)
				throws Exception;

		@Override
		default void close() throws Exception {
		}

	}

	interface RawReader extends AutoCloseable {

		/** Some field of the latest step, so the read is not optimized away. */
		Object loadLatest(String partitionKey, String appId) throws Exception;

		@Override
		default void close() throws Exception {
		}

	}

}
