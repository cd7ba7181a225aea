package dev.burr.persistence;

import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

/**
 * A persister that can also list, show, delete and prune what it stores: the operations Burr's SPI lacks.
 * Every method treats a {@code null} partition key as {@code ""}.
 */
public interface StateStore extends StatePersister {

	/**
	 * One page of a partition's applications, most recent activity first.
	 * @param offset number of applications to skip, at least 0
	 * @param limit largest number of applications to return, at least 1
	 */
	List<AppSummary> listApps(@Nullable String partitionKey, int offset, int limit);

	/** Every stored step of one application, by ascending sequence id; empty when it is not stored. */
	List<PersistedState> history(@Nullable String partitionKey, String appId);

	/**
	 * Hands every stored step of one application to {@code steps}, by ascending sequence id, without holding
	 * them all: what copies and exports read. The default reads {@link #history}; stores override it to stream.
	 */
	default void forEachStep(@Nullable String partitionKey, String appId, Consumer<PersistedState> steps) {
		history(partitionKey, appId).forEach(steps);
	}

	/** Deletes every stored step of one application and returns how many were deleted. */
	int deleteApp(@Nullable String partitionKey, String appId);

	/**
	 * Deletes all but the {@code keepLast} most recent steps of one application and returns how many were
	 * deleted.
	 * @param keepLast steps to keep, at least 1 so that the application can still be resumed
	 */
	int pruneKeepLast(@Nullable String partitionKey, String appId, int keepLast);

	/**
	 * Deletes the steps of one application written before {@code cutoff}, always keeping its latest step so
	 * that it can still be resumed, and returns how many were deleted.
	 */
	int pruneOlderThan(@Nullable String partitionKey, String appId, Instant cutoff);

}
