package dev.burr.boot.autoconfigure;

import dev.burr.core.ApplicationBuilder;
import dev.burr.core.lifecycle.Tracker;
import dev.burr.persistence.StatePersister;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Scope;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration} of the prototype
 * {@link ApplicationBuilder}: every injection is a new builder, carrying the {@link StatePersister} (as saver,
 * and as the loader of {@code initializeFrom(resume, defaults, entrypoint)}) and the {@link Tracker}, then
 * customized by the {@link ApplicationBuilderCustomizer} beans in order.
 *
 * @author Burr for Java
 * @since 0.1.0
 */
@AutoConfiguration(after = { BurrPersistenceAutoConfiguration.class, BurrTrackingAutoConfiguration.class },
		afterName = { "dev.burr.boot.autoconfigure.jdbc.BurrJdbcPersistenceAutoConfiguration",
				"dev.burr.boot.autoconfigure.redis.BurrRedisPersistenceAutoConfiguration" })
public final class BurrApplicationBuilderAutoConfiguration {

	@Bean
	@Scope(ConfigurableBeanFactory.SCOPE_PROTOTYPE)
	@ConditionalOnMissingBean
	ApplicationBuilder burrApplicationBuilder(ObjectProvider<StatePersister> persister,
			ObjectProvider<Tracker> tracker, ObjectProvider<ApplicationBuilderCustomizer> customizers) {
		ApplicationBuilder builder = ApplicationBuilder.create();
		persister.ifUnique(builder::withStatePersister);
		tracker.ifUnique(builder::withTracker);
		customizers.orderedStream().forEach((customizer) -> customizer.customize(builder));
		return builder;
	}

}
