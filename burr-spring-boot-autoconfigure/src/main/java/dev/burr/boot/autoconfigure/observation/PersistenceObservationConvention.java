package dev.burr.boot.autoconfigure.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * {@link ObservationConvention} for {@code burr.persistence.*} observations; define a bean of this type to
 * replace {@link DefaultPersistenceObservationConvention}. One convention serves saves and loads: leave
 * {@link #getName()} unimplemented so that each keeps its name ({@code burr.persistence.save} or
 * {@code burr.persistence.load}).
 *
 * @author Burr for Java
 * @since 0.1.0
 */
public interface PersistenceObservationConvention extends ObservationConvention<PersistenceObservationContext> {

	@Override
	default boolean supportsContext(Observation.Context context) {
		return context instanceof PersistenceObservationContext;
	}

}
