package dev.burr.core;

import org.jspecify.annotations.Nullable;

/**
 * Where a built application starts: its state, the entrypoint it runs when no step completed, the sequence id
 * of the step it continues after, the application it was forked from, and the state stored at that sequence id
 * when it was loaded from the store the application saves to ({@code null} otherwise), which the first step's
 * change is then relative to.
 */
record Start(State state, @Nullable String entrypoint, @Nullable Long sequenceId,
		@Nullable ParentPointer parentPointer, @Nullable State stored) {

	/**
	 * The entrypoint, checked against {@code graph}.
	 * @throws IllegalStateException when there is none
	 * @throws IllegalArgumentException when the graph has no such action
	 */
	String entrypointIn(Graph graph) {
		if (this.entrypoint == null) {
			throw new IllegalStateException(
					"Must call `withEntrypoint` before building application! Do so with ApplicationBuilder.");
		}
		if (!graph.hasAction(this.entrypoint)) {
			throw new IllegalArgumentException("Entrypoint: " + this.entrypoint + " not found in actions. Please add "
					+ "using withAction(\"" + this.entrypoint + "\", ...). Known actions: " + graph.actions().keySet());
		}
		return this.entrypoint;
	}

}
