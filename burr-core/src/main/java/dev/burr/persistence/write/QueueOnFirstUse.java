package dev.burr.persistence.write;

import java.util.Objects;
import java.util.Optional;

import dev.burr.persistence.PersistedState;
import dev.burr.persistence.StateSaver;
import org.jspecify.annotations.Nullable;

/**
 * A persister's {@link WriteBehind} queue, made the first time an {@code ASYNC} application asks for it: what a
 * persister holds to implement {@link StateSaver#writeBehind()}, to let its loads see queued steps and to drain
 * the queue on close. Thread-safe.
 */
public final class QueueOnFirstUse {

	private final StateSaver owner;

	private final WriteBehindSettings settings;

	private final String name;

	private volatile @Nullable WriteBehind queue;

	/**
	 * @param owner the persister the queue stores through ({@link StateSaver#saveAll})
	 * @param name names the queue's writer thread and messages ({@code "table 'burr_state'"})
	 */
	public QueueOnFirstUse(StateSaver owner, WriteBehindSettings settings, String name) {
		this.owner = Objects.requireNonNull(owner, "owner");
		this.settings = Objects.requireNonNull(settings, "settings");
		this.name = Objects.requireNonNull(name, "name");
	}

	/** The settings the queue is (or will be) made with. */
	public WriteBehindSettings settings() {
		return this.settings;
	}

	/** The queue, made now if it was not. */
	public WriteBehind get() {
		WriteBehind made = this.queue;
		if (made == null) {
			synchronized (this) {
				made = this.queue;
				if (made == null) {
					made = new WriteBehind(this.owner, this.settings, this.name);
					this.queue = made;
				}
			}
		}
		return made;
	}

	/** {@link WriteBehind#queued}, or empty when no queue was made. */
	public Optional<PersistedState> queued(@Nullable String partitionKey, String appId, @Nullable Long sequenceId) {
		WriteBehind made = this.queue;
		return (made != null) ? made.queued(partitionKey, appId, sequenceId) : Optional.empty();
	}

	/** Closes the queue, if one was made, within its timeout ({@link WriteBehind#close()}). */
	public void close() {
		WriteBehind made = this.queue;
		if (made != null) {
			made.close();
		}
	}

}
