package dev.burr.persistence;

import org.jspecify.annotations.Nullable;

/** The one rule every backend applies: a {@code null} partition key is the partition {@code ""}. */
public final class PartitionKeys {

	private PartitionKeys() {
	}

	/** {@code partitionKey}, or {@code ""} when it is {@code null}. */
	public static String normalize(@Nullable String partitionKey) {
		return (partitionKey != null) ? partitionKey : "";
	}

}
