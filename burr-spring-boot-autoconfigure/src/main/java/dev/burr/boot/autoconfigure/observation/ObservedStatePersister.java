package dev.burr.boot.autoconfigure.observation;

import java.util.List;
import java.util.Optional;

import dev.burr.boot.autoconfigure.PersistenceBackend;
import dev.burr.boot.autoconfigure.observation.PersistenceObservationContext.Operation;
import dev.burr.core.State;
import dev.burr.persistence.PersistedState;
import dev.burr.persistence.StateChange;
import dev.burr.persistence.StateConflictException;
import dev.burr.persistence.StatePersister;
import dev.burr.persistence.Status;
import dev.burr.persistence.write.WriteBehind;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

/**
 * A {@link StatePersister} that observes the saves and loads of another as {@code burr.persistence.save} and
 * {@code burr.persistence.load}. The auto-configured {@code ApplicationBuilder} carries one around the
 * persister bean; wrap the persister yourself when you build applications with {@code ApplicationBuilder.create()}.
 * Applications built with {@code Durability.ASYNC} queue their steps in the observed persister's own
 * {@link #writeBehind()} queue, whose writes are not observed here (the {@code burr.write_behind.*} meters measure
 * it).
 *
 * @author Burr for Java
 * @since 0.1.0
 */
public final class ObservedStatePersister implements StatePersister {

	private static final PersistenceObservationConvention DEFAULT_CONVENTION =
			new DefaultPersistenceObservationConvention();

	private final StatePersister delegate;

	private final ObservationRegistry registry;

	private final String backend;

	private final @Nullable PersistenceObservationConvention convention;

	/**
	 * Observes {@code delegate} with the default convention, its backend named after its class.
	 * @param delegate the persister that saves and loads
	 * @param registry where observations go
	 */
	public ObservedStatePersister(StatePersister delegate, ObservationRegistry registry) {
		this(delegate, registry, backendOf(delegate), null);
	}

	/**
	 * Observes {@code delegate}.
	 * @param delegate the persister that saves and loads
	 * @param registry where observations go
	 * @param backend value of the {@code backend} key
	 * @param convention a convention replacing the default one, or {@code null}
	 */
	public ObservedStatePersister(StatePersister delegate, ObservationRegistry registry, String backend,
			@Nullable PersistenceObservationConvention convention) {
		this.delegate = delegate;
		this.registry = registry;
		this.backend = backend;
		this.convention = convention;
	}

	/** The persister observed. */
	public StatePersister getDelegate() {
		return this.delegate;
	}

	@Override
	public void initialize() {
		this.delegate.initialize();
	}

	@Override
	public boolean isInitialized() {
		return this.delegate.isInitialized();
	}

	@Override
	public void save(@Nullable String partitionKey, String appId, long sequenceId, String position, State state,
			Status status) {
		save(partitionKey, appId, sequenceId, position, state, status, StateChange.unknown());
	}

	@Override
	public void save(@Nullable String partitionKey, String appId, long sequenceId, String position, State state,
			Status status, StateChange change) {
		PersistenceObservationContext context = new PersistenceObservationContext(Operation.SAVE, this.backend,
				appId, partitionKey, sequenceId);
		BurrObservationDocumentation.PERSISTENCE_SAVE
			.observation(this.convention, DEFAULT_CONVENTION, () -> context, this.registry)
			.observe(() -> {
				try {
					this.delegate.save(partitionKey, appId, sequenceId, position, state, status, change);
					context.setOutcome("success");
				}
				catch (StateConflictException ex) {
					context.setOutcome("conflict");
					throw ex;
				}
				catch (RuntimeException ex) {
					context.setOutcome("error");
					throw ex;
				}
			});
	}

	@Override
	public Optional<PersistedState> load(@Nullable String partitionKey, String appId, @Nullable Long sequenceId) {
		PersistenceObservationContext context = new PersistenceObservationContext(Operation.LOAD, this.backend,
				appId, partitionKey, sequenceId);
		Observation observation = BurrObservationDocumentation.PERSISTENCE_LOAD.observation(this.convention,
				DEFAULT_CONVENTION, () -> context, this.registry);
		return observation.observe(() -> {
			try {
				Optional<PersistedState> loaded = this.delegate.load(partitionKey, appId, sequenceId);
				context.setOutcome(loaded.isPresent() ? "found" : "not_found");
				return loaded;
			}
			catch (RuntimeException ex) {
				context.setOutcome("error");
				throw ex;
			}
		});
	}

	/** The observed persister's queue, so that {@code Durability.ASYNC} applications queue there. */
	@Override
	public @Nullable WriteBehind writeBehind() {
		return this.delegate.writeBehind();
	}

	@Override
	public List<String> listAppIds(@Nullable String partitionKey) {
		return this.delegate.listAppIds(partitionKey);
	}

	/**
	 * The {@code backend} of a persister, as {@link PersistenceBackend#of(StatePersister)}, looking through an
	 * {@code ObservedStatePersister}.
	 */
	public static String backendOf(StatePersister persister) {
		return PersistenceBackend
			.of((persister instanceof ObservedStatePersister observed) ? observed.delegate : persister);
	}

}
