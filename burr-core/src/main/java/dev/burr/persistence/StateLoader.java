package dev.burr.persistence;

import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/** Read side of persistence, used by {@code ApplicationBuilder.initializeFrom} to load where an app left off. */
public interface StateLoader {

	/**
	 * The stored step of an application.
	 * @param partitionKey partition key; {@code null} and {@code ""} are the same partition
	 * @param appId application id
	 * @param sequenceId the exact step to load, or {@code null} for the latest (highest sequence id)
	 * @return the step, or empty when the application or that step is not stored
	 * @throws BurrPersistenceException when the store cannot be read or holds a record that does not parse
	 */
	Optional<PersistedState> load(@Nullable String partitionKey, String appId, @Nullable Long sequenceId);

	/** The latest stored step of an application, as {@link #load(String, String, Long)} with no sequence id. */
	default Optional<PersistedState> load(@Nullable String partitionKey, String appId) {
		return load(partitionKey, appId, null);
	}

	/**
	 * The ids of the applications stored in a partition, without duplicates, most recent activity first.
	 * @param partitionKey partition key; {@code null} and {@code ""} are the same partition
	 */
	List<String> listAppIds(@Nullable String partitionKey);

}
