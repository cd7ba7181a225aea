package dev.burr.boot.autoconfigure.observation;

import dev.burr.boot.autoconfigure.observation.BurrObservationDocumentation.StepKeyNames;
import io.micrometer.common.KeyValues;

/**
 * Default {@link StepObservationConvention}: named {@value #DEFAULT_NAME}, tagged with the action and its status
 * ({@code completed}, {@code failed}, or {@code running} while it runs).
 *
 * @author Burr for Java
 * @since 0.1.0
 */
public class DefaultStepObservationConvention implements StepObservationConvention {

	/** Name of the observation, and of the timer it makes. */
	public static final String DEFAULT_NAME = "burr.step";

	@Override
	public String getName() {
		return DEFAULT_NAME;
	}

	@Override
	public String getContextualName(StepObservationContext context) {
		return "burr step " + context.getActionName();
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(StepObservationContext context) {
		return KeyValues.of(StepKeyNames.ACTION.withValue(context.getActionName()),
				StepKeyNames.STATUS.withValue(status(context)));
	}

	private String status(StepObservationContext context) {
		if (!context.isFinished()) {
			return "running";
		}
		return (context.getFailure() != null) ? "failed" : "completed";
	}

}
