package dev.burr.core;

import org.jspecify.annotations.Nullable;

/**
 * One operation a {@link State} was made with, linked to the one before it: the record from which the engine
 * tells a persister what a step changed ({@link StepChanges}) without comparing states.
 */
final class Operation {

	/** What the operation did to its key. */
	enum Kind {

		/** Set the key ({@code update}, {@code merge}, {@code increment}). */
		PUT,

		/** Appended one item ({@code append}). */
		APPEND,

		/** Appended a collection of items ({@code extend}). */
		EXTEND,

		/** Removed the key ({@code wipe}). */
		REMOVE

	}

	final Kind kind;

	final String key;

	/** The appended item, or the collection of items extended by; {@code null} otherwise. */
	final @Nullable Object argument;

	final @Nullable Operation previous;

	Operation(Kind kind, String key, @Nullable Object argument, @Nullable Operation previous) {
		this.kind = kind;
		this.key = key;
		this.argument = argument;
		this.previous = previous;
	}

}
