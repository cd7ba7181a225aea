package dev.burr.core;

import java.util.Collections;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Lets an action record what it does inside a step (Burr's {@code __tracer}): nested spans and attributes,
 * which trackers write as {@code begin_span}, {@code end_span} and {@code attribute} lines. Get it from
 * {@link ActionContext#tracer()}.
 */
public interface Tracer {

	/** Opens a span inside the innermost open span (or the step); close it, e.g. with try-with-resources. */
	TraceSpan span(String name);

	/** Logs attributes on the innermost open span, or on the step when none is open. */
	void log(Map<String, ? extends @Nullable Object> attributes);

	/** Logs one attribute, as {@link #log(Map)}. */
	default void log(String key, @Nullable Object value) {
		log(Collections.singletonMap(key, value));
	}

	/** An open span. */
	interface TraceSpan extends AutoCloseable {

		/** Burr's span id, such as {@code "2:0.1"}. */
		String id();

		/** Logs attributes on this span. */
		void log(Map<String, ? extends @Nullable Object> attributes);

		/** Closes the span and any span opened inside it and still open. */
		@Override
		void close();

	}

}
