package dev.burr.persistence;

import org.jspecify.annotations.Nullable;

/**
 * A save found its {@code (partitionKey, appId, sequenceId)} already stored: another writer stepped the same
 * application first. Reload the application to continue from what is stored.
 */
public class StateConflictException extends BurrPersistenceException {

	private static final long serialVersionUID = 1L;

	private final String partitionKey;

	private final String appId;

	private final long sequenceId;

	public StateConflictException(@Nullable String partitionKey, String appId, long sequenceId,
			@Nullable Throwable cause) {
		super("Step " + sequenceId + " of app '" + appId + "' (partition key '" + PartitionKeys.normalize(partitionKey)
				+ "') is already stored: another writer stepped this application first. Reload it to continue.",
				cause);
		this.partitionKey = PartitionKeys.normalize(partitionKey);
		this.appId = appId;
		this.sequenceId = sequenceId;
	}

	/** Partition key of the conflicting step ({@code ""} for none). */
	public String getPartitionKey() {
		return this.partitionKey;
	}

	/** Application id of the conflicting step. */
	public String getAppId() {
		return this.appId;
	}

	/** Sequence id that was already stored. */
	public long getSequenceId() {
		return this.sequenceId;
	}

}
