package dev.burr.boot.autoconfigure.observation;

import dev.burr.boot.autoconfigure.observation.BurrObservationDocumentation.PersistenceKeyNames;
import io.micrometer.common.KeyValues;

/**
 * Default {@link PersistenceObservationConvention}: tagged with the backend and the outcome. The observation is
 * named by its context, {@value #SAVE_NAME} or {@value #LOAD_NAME}.
 *
 * @author Burr for Java
 * @since 0.1.0
 */
public class DefaultPersistenceObservationConvention implements PersistenceObservationConvention {

	/** Name of save observations, and of the timer they make. */
	public static final String SAVE_NAME = "burr.persistence.save";

	/** Name of load observations, and of the timer they make. */
	public static final String LOAD_NAME = "burr.persistence.load";

	@Override
	public String getContextualName(PersistenceObservationContext context) {
		return "burr " + context.getOperation().value() + " " + context.getBackend();
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(PersistenceObservationContext context) {
		return KeyValues.of(PersistenceKeyNames.BACKEND.withValue(context.getBackend()),
				PersistenceKeyNames.OUTCOME.withValue(context.getOutcome()));
	}

}
