package dev.burr.boot.autoconfigure.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * {@link ObservationConvention} for {@code burr.step} observations; define a bean of this type to replace
 * {@link DefaultStepObservationConvention}.
 *
 * @author Burr for Java
 * @since 0.1.0
 */
public interface StepObservationConvention extends ObservationConvention<StepObservationContext> {

	@Override
	default boolean supportsContext(Observation.Context context) {
		return context instanceof StepObservationContext;
	}

}
