package dev.burr.persistence;

import java.time.Instant;

/**
 * One application of a partition, as listed by {@link StateStore#listApps}.
 *
 * @param partitionKey partition key ({@code ""} for none)
 * @param appId application id
 * @param latestSequenceId highest stored sequence id
 * @param lastWrittenAt when its latest step was written, in UTC
 */
public record AppSummary(String partitionKey, String appId, long latestSequenceId, Instant lastWrittenAt) {

}
