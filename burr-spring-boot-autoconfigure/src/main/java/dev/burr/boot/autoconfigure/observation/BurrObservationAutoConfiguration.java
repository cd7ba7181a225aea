package dev.burr.boot.autoconfigure.observation;

import dev.burr.boot.autoconfigure.ApplicationBuilderCustomizer;
import dev.burr.core.ApplicationBuilder;
import dev.burr.persistence.StatePersister;
import io.micrometer.observation.ObservationRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration} of Burr's
 * observations: every auto-configured {@link ApplicationBuilder} gets a {@link StepObservationHook}, and saves and
 * loads through an {@link ObservedStatePersister} around the persister bean.
 *
 * @author Burr for Java
 * @since 0.1.0
 */
@AutoConfiguration(
		afterName = "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration")
@ConditionalOnClass(ObservationRegistry.class)
@ConditionalOnBean(ObservationRegistry.class)
public final class BurrObservationAutoConfiguration {

	@Bean
	ObservationApplicationBuilderCustomizer burrObservationApplicationBuilderCustomizer(
			ObservationRegistry observationRegistry, ObjectProvider<StatePersister> persister,
			ObjectProvider<StepObservationConvention> stepConvention,
			ObjectProvider<PersistenceObservationConvention> persistenceConvention) {
		return new ObservationApplicationBuilderCustomizer(observationRegistry, persister, stepConvention,
				persistenceConvention);
	}

	/**
	 * Adds the step hook and observes the persister; it runs first, so that other customizers can replace both.
	 */
	static final class ObservationApplicationBuilderCustomizer implements ApplicationBuilderCustomizer, Ordered {

		private final ObservationRegistry registry;

		private final ObjectProvider<StatePersister> persister;

		private final ObjectProvider<StepObservationConvention> stepConvention;

		private final ObjectProvider<PersistenceObservationConvention> persistenceConvention;

		ObservationApplicationBuilderCustomizer(ObservationRegistry registry, ObjectProvider<StatePersister> persister,
				ObjectProvider<StepObservationConvention> stepConvention,
				ObjectProvider<PersistenceObservationConvention> persistenceConvention) {
			this.registry = registry;
			this.persister = persister;
			this.stepConvention = stepConvention;
			this.persistenceConvention = persistenceConvention;
		}

		@Override
		public void customize(ApplicationBuilder builder) {
			builder.withHooks(new StepObservationHook(this.registry, this.stepConvention.getIfUnique()));
			this.persister.ifUnique((persister) -> builder.withStatePersister(new ObservedStatePersister(persister,
					this.registry, ObservedStatePersister.backendOf(persister),
					this.persistenceConvention.getIfUnique())));
		}

		@Override
		public int getOrder() {
			return Ordered.HIGHEST_PRECEDENCE;
		}

	}

}
