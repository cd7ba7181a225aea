package dev.burr.core.lifecycle;

/** Called when an action opens or closes a span, or logs attributes, through its {@code Tracer}. */
public interface SpanHook extends LifecycleHook {

	default void spanStarted(SpanStarted event) {
	}

	default void spanEnded(SpanEnded event) {
	}

	default void attributesLogged(AttributesLogged event) {
	}

}
