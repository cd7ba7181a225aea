package dev.burr.core.lifecycle;

import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * An action logged attributes.
 *
 * @param appId application id
 * @param partitionKey partition key, {@code null} when it has none
 * @param actionName name of the running action
 * @param sequenceId sequence id of the running step
 * @param spanId the open span they belong to, {@code null} for the step itself
 * @param attributes the attributes, by key
 */
public record AttributesLogged(String appId, @Nullable String partitionKey, String actionName, long sequenceId,
		@Nullable String spanId, Map<String, @Nullable Object> attributes) {

}
