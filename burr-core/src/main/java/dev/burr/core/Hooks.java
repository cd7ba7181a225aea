package dev.burr.core;

import java.util.List;
import java.util.function.BiConsumer;

import dev.burr.core.lifecycle.ApplicationCreated;
import dev.burr.core.lifecycle.AttributesLogged;
import dev.burr.core.lifecycle.LifecycleHook;
import dev.burr.core.lifecycle.PostApplicationCreateHook;
import dev.burr.core.lifecycle.PostRunStepHook;
import dev.burr.core.lifecycle.PreRunStepHook;
import dev.burr.core.lifecycle.SpanEnded;
import dev.burr.core.lifecycle.SpanHook;
import dev.burr.core.lifecycle.SpanStarted;
import dev.burr.core.lifecycle.StepFinished;
import dev.burr.core.lifecycle.StepStarted;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Calls an application's lifecycle hooks in registration order. A hook that throws is logged and skipped: it
 * never stops the step, the save or the hooks after it.
 */
final class Hooks {

	private static final Log logger = LogFactory.getLog(Hooks.class);

	private final List<LifecycleHook> hooks;

	Hooks(List<LifecycleHook> hooks) {
		this.hooks = List.copyOf(hooks);
	}

	void applicationCreated(ApplicationCreated event) {
		call(PostApplicationCreateHook.class, event, PostApplicationCreateHook::postApplicationCreate);
	}

	void stepStarted(StepStarted event) {
		call(PreRunStepHook.class, event, PreRunStepHook::preRunStep);
	}

	void stepFinished(StepFinished event) {
		call(PostRunStepHook.class, event, PostRunStepHook::postRunStep);
	}

	void spanStarted(SpanStarted event) {
		call(SpanHook.class, event, SpanHook::spanStarted);
	}

	void spanEnded(SpanEnded event) {
		call(SpanHook.class, event, SpanHook::spanEnded);
	}

	void attributesLogged(AttributesLogged event) {
		call(SpanHook.class, event, SpanHook::attributesLogged);
	}

	private <H, E> void call(Class<H> type, E event, BiConsumer<H, E> method) {
		for (LifecycleHook hook : this.hooks) {
			if (type.isInstance(hook)) {
				try {
					method.accept(type.cast(hook), event);
				}
				catch (RuntimeException ex) {
					logger.warn("Burr lifecycle hook " + hook.getClass().getName() + " failed on "
							+ event.getClass().getSimpleName() + "; the step goes on", ex);
				}
			}
		}
	}

}
