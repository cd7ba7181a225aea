package dev.burr.core.lifecycle;

import org.jspecify.annotations.Nullable;

/**
 * An action opened a span.
 *
 * @param appId application id
 * @param partitionKey partition key, {@code null} when it has none
 * @param actionName name of the running action
 * @param sequenceId sequence id of the running step
 * @param spanId Burr's span id, such as {@code "2:0.1"}
 * @param spanName name the action gave the span
 * @param parentSpanId id of the enclosing span ({@code "2:0"} for the step itself)
 */
public record SpanStarted(String appId, @Nullable String partitionKey, String actionName, long sequenceId,
		String spanId, String spanName, String parentSpanId) {

}
