package dev.burr.boot.autoconfigure.metrics;

import dev.burr.persistence.StatePersister;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.context.annotation.Bean;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration} of the meters of the
 * persister's write-behind queue ({@link WriteBehindMeterBinder}), when {@code burr.persistence.durability} is
 * {@code async} and there is a {@link MeterRegistry}.
 *
 * @author Burr for Java
 * @since 0.1.0
 */
@AutoConfiguration(afterName = { "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
		"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
		"dev.burr.boot.autoconfigure.BurrPersistenceAutoConfiguration",
		"dev.burr.boot.autoconfigure.jdbc.BurrJdbcPersistenceAutoConfiguration",
		"dev.burr.boot.autoconfigure.redis.BurrRedisPersistenceAutoConfiguration" })
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean(MeterRegistry.class)
@ConditionalOnSingleCandidate(StatePersister.class)
@ConditionalOnProperty(name = "burr.persistence.durability", havingValue = "async")
public final class BurrWriteBehindMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	WriteBehindMeterBinder burrWriteBehindMeterBinder(StatePersister persister) {
		return new WriteBehindMeterBinder(persister);
	}

}
