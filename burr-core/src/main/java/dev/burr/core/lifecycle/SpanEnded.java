package dev.burr.core.lifecycle;

import org.jspecify.annotations.Nullable;

/**
 * An action closed a span.
 *
 * @param appId application id
 * @param partitionKey partition key, {@code null} when it has none
 * @param actionName name of the running action
 * @param sequenceId sequence id of the running step
 * @param spanId id of the span closed
 */
public record SpanEnded(String appId, @Nullable String partitionKey, String actionName, long sequenceId,
		String spanId) {

}
