package dev.burr.boot.autoconfigure.observation;

import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;

/**
 * Context of a {@code burr.persistence.save} or {@code burr.persistence.load} observation. The application id
 * and partition key are here for handlers and custom conventions; the default convention never makes them tags.
 *
 * @author Burr for Java
 * @since 0.1.0
 */
public class PersistenceObservationContext extends Observation.Context {

	private final Operation operation;

	private final String backend;

	private final String appId;

	private final @Nullable String partitionKey;

	private final @Nullable Long sequenceId;

	private String outcome = "unknown";

	/**
	 * Creates a context.
	 * @param operation what is done
	 * @param backend where state is stored ({@code jdbc}, {@code redis}, {@code memory}...)
	 * @param appId application id
	 * @param partitionKey partition key, {@code null} when it has none
	 * @param sequenceId step saved or loaded, {@code null} for the latest
	 */
	public PersistenceObservationContext(Operation operation, String backend, String appId,
			@Nullable String partitionKey, @Nullable Long sequenceId) {
		this.operation = operation;
		this.backend = backend;
		this.appId = appId;
		this.partitionKey = partitionKey;
		this.sequenceId = sequenceId;
		setName((operation == Operation.SAVE) ? DefaultPersistenceObservationConvention.SAVE_NAME
				: DefaultPersistenceObservationConvention.LOAD_NAME);
	}

	public Operation getOperation() {
		return this.operation;
	}

	public String getBackend() {
		return this.backend;
	}

	public String getAppId() {
		return this.appId;
	}

	public @Nullable String getPartitionKey() {
		return this.partitionKey;
	}

	public @Nullable Long getSequenceId() {
		return this.sequenceId;
	}

	/**
	 * How it went: {@code success}, {@code conflict} (another writer saved that step first) or {@code error}
	 * for a save; {@code found}, {@code not_found} or {@code error} for a load.
	 */
	public String getOutcome() {
		return this.outcome;
	}

	public void setOutcome(String outcome) {
		this.outcome = outcome;
	}

	/**
	 * What a persistence observation observes.
	 */
	public enum Operation {

		/**
		 * One step saved.
		 */
		SAVE,

		/**
		 * One step loaded.
		 */
		LOAD;

		/** Lower-case name, as used in observation names. */
		public String value() {
			return name().toLowerCase(java.util.Locale.ROOT);
		}

	}

}
