package dev.burr.core;

import org.jspecify.annotations.Nullable;

/**
 * The application another one was forked or spawned from.
 *
 * @param appId the parent's application id
 * @param partitionKey the parent's partition key
 * @param sequenceId the parent's step the child started from ({@code null} only for a spawn without one)
 */
public record ParentPointer(String appId, @Nullable String partitionKey, @Nullable Long sequenceId) {

}
