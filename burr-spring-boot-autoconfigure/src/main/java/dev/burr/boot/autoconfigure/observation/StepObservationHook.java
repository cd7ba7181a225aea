package dev.burr.boot.autoconfigure.observation;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.burr.core.lifecycle.PostRunStepHook;
import dev.burr.core.lifecycle.PreRunStepHook;
import dev.burr.core.lifecycle.StepFinished;
import dev.burr.core.lifecycle.StepStarted;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

/**
 * Lifecycle hook observing each step of an application as {@code burr.step}: started before the action runs,
 * stopped once its step is saved. Its scope is open meanwhile, so that the save's observation is its child. Add
 * one per application: the auto-configured {@code ApplicationBuilder} comes with one.
 *
 * @author Burr for Java
 * @since 0.1.0
 */
public final class StepObservationHook implements PreRunStepHook, PostRunStepHook {

	private static final StepObservationConvention DEFAULT_CONVENTION = new DefaultStepObservationConvention();

	private final ObservationRegistry registry;

	private final @Nullable StepObservationConvention convention;

	private final Map<Long, Running> running = new ConcurrentHashMap<>();

	/**
	 * Creates a hook.
	 * @param registry where observations go
	 * @param convention a convention replacing the default one, or {@code null}
	 */
	public StepObservationHook(ObservationRegistry registry, @Nullable StepObservationConvention convention) {
		this.registry = registry;
		this.convention = convention;
	}

	@Override
	public void preRunStep(StepStarted event) {
		StepObservationContext context = new StepObservationContext(event.appId(), event.partitionKey(),
				event.sequenceId(), event.actionName());
		Observation observation = BurrObservationDocumentation.STEP
			.observation(this.convention, DEFAULT_CONVENTION, () -> context, this.registry)
			.start();
		this.running.put(event.sequenceId(), new Running(observation, context, observation.openScope()));
	}

	@Override
	public void postRunStep(StepFinished event) {
		Running step = this.running.remove(event.sequenceId());
		if (step == null) {
			return;
		}
		step.context.finish(event.exception());
		if (event.exception() != null) {
			step.observation.error(event.exception());
		}
		step.scope.close();
		step.observation.stop();
	}

	private record Running(Observation observation, StepObservationContext context, Observation.Scope scope) {
	}

}
