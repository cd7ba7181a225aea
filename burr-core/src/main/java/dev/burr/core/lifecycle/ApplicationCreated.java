package dev.burr.core.lifecycle;

import dev.burr.core.Graph;
import dev.burr.core.ParentPointer;
import dev.burr.core.State;
import org.jspecify.annotations.Nullable;

/**
 * An application was built.
 *
 * @param appId application id
 * @param partitionKey partition key, {@code null} when it has none
 * @param state state it starts from
 * @param graph its actions and transitions
 * @param entrypoint action it starts with when nothing was loaded (or the failed action it re-runs)
 * @param parentPointer the application it was forked from, if any
 * @param spawningParentPointer the application that spawned it, if any
 */
public record ApplicationCreated(String appId, @Nullable String partitionKey, State state, Graph graph,
		String entrypoint, @Nullable ParentPointer parentPointer, @Nullable ParentPointer spawningParentPointer) {

}
