package dev.burr.core;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.burr.persistence.BurrPersistenceException;
import dev.burr.persistence.PersistedState;
import dev.burr.persistence.StatePersister;
import dev.burr.persistence.Status;
import org.jspecify.annotations.Nullable;

/** A persister over another whose saves can be made to fail, like a database that went away. */
final class DelegatingPersister implements StatePersister {

	private final StatePersister delegate;

	private final boolean initialized;

	final AtomicBoolean failSaves = new AtomicBoolean();

	DelegatingPersister(StatePersister delegate, boolean initialized) {
		this.delegate = delegate;
		this.initialized = initialized;
	}

	@Override
	public Optional<PersistedState> load(@Nullable String partitionKey, String appId, @Nullable Long sequenceId) {
		return this.delegate.load(partitionKey, appId, sequenceId);
	}

	@Override
	public List<String> listAppIds(@Nullable String partitionKey) {
		return this.delegate.listAppIds(partitionKey);
	}

	@Override
	public void initialize() {
	}

	@Override
	public boolean isInitialized() {
		return this.initialized;
	}

	@Override
	public void save(@Nullable String partitionKey, String appId, long sequenceId, String position,
			dev.burr.core.State state, Status status) {
		if (this.failSaves.get()) {
			throw new BurrPersistenceException("database is down");
		}
		this.delegate.save(partitionKey, appId, sequenceId, position, state, status);
	}

}
