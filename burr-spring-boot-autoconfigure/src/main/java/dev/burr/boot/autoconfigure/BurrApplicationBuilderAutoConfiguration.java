package dev.burr.boot.autoconfigure;

import dev.burr.core.ApplicationBuilder;
import dev.burr.core.lifecycle.Tracker;
import dev.burr.persistence.Durability;
import dev.burr.persistence.StatePersister;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Scope;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration} of the prototype
 * {@link ApplicationBuilder}: every injection is a new builder, carrying the {@link StatePersister} (as saver,
 * and as the loader of {@code initializeFrom(resume, defaults, entrypoint)}), the {@link Tracker} and the
 * durability of {@code burr.persistence.durability}, then customized by the {@link ApplicationBuilderCustomizer}
 * beans in order.
 *
 * @author Burr for Java
 * @since 0.1.0
 */
@AutoConfiguration(after = { BurrPersistenceAutoConfiguration.class, BurrTrackingAutoConfiguration.class },
		afterName = { "dev.burr.boot.autoconfigure.jdbc.BurrJdbcPersistenceAutoConfiguration",
				"dev.burr.boot.autoconfigure.redis.BurrRedisPersistenceAutoConfiguration" })
@EnableConfigurationProperties(BurrProperties.class)
public final class BurrApplicationBuilderAutoConfiguration {

	static final String DURABILITY_PROPERTY = "burr.persistence.durability";

	@Bean
	@Scope(ConfigurableBeanFactory.SCOPE_PROTOTYPE)
	@ConditionalOnMissingBean
	ApplicationBuilder burrApplicationBuilder(ObjectProvider<StatePersister> persister,
			ObjectProvider<Tracker> tracker, ObjectProvider<ApplicationBuilderCustomizer> customizers,
			BurrProperties properties) {
		ApplicationBuilder builder = ApplicationBuilder.create();
		StatePersister unique = persister.getIfUnique();
		if (unique != null) {
			builder.withStatePersister(unique);
		}
		Durability durability = properties.getPersistence().getDurability();
		if (durability == Durability.ASYNC) {
			checkCanQueue(unique, persister.stream().findAny().isPresent());
		}
		builder.withDurability(durability);
		tracker.ifUnique(builder::withTracker);
		customizers.orderedStream().forEach((customizer) -> customizer.customize(builder));
		return builder;
	}

	/**
	 * Fails when {@code async} cannot work: there is no persister at all ({@code burr.persistence.type=none}), or
	 * the one persister has no queue. With several persisters and none primary, a customizer may choose one.
	 */
	private static void checkCanQueue(@Nullable StatePersister persister, boolean anyPersister) {
		if (persister == null) {
			if (anyPersister) {
				return;
			}
			throw new BurrConfigurationException(DURABILITY_PROPERTY,
					DURABILITY_PROPERTY + "=async but there is no StatePersister bean to queue the steps in.",
					"Set burr.persistence.type to a store (auto, jdbc, redis or memory), or set " + DURABILITY_PROPERTY
							+ "=sync.");
		}
		if (persister.writeBehind() == null) {
			throw new BurrConfigurationException(DURABILITY_PROPERTY,
					DURABILITY_PROPERTY + "=async but the StatePersister bean (" + persister.getClass().getName()
							+ ") has no write-behind queue: its writeBehind() returns null.",
					"Use a persister that queues (JdbcStatePersister, RedisStatePersister or InMemoryStatePersister), "
							+ "or set " + DURABILITY_PROPERTY + "=sync.");
		}
	}

}
