package dev.burr.boot.autoconfigure.actuate;

import dev.burr.persistence.StateStore;
import dev.burr.serde.StateSerde;

import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.context.annotation.Bean;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration} of the {@code burr}
 * Actuator endpoint, on the {@link StateStore} persister.
 *
 * @author Burr for Java
 * @since 0.1.0
 */
@AutoConfiguration(afterName = { "dev.burr.boot.autoconfigure.BurrPersistenceAutoConfiguration",
		"dev.burr.boot.autoconfigure.jdbc.BurrJdbcPersistenceAutoConfiguration",
		"dev.burr.boot.autoconfigure.redis.BurrRedisPersistenceAutoConfiguration",
		"dev.burr.boot.autoconfigure.BurrSerdeAutoConfiguration" })
@ConditionalOnClass(Endpoint.class)
@ConditionalOnAvailableEndpoint(BurrEndpoint.class)
@ConditionalOnSingleCandidate(StateStore.class)
public final class BurrActuatorAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	BurrEndpoint burrEndpoint(StateStore store, StateSerde serde) {
		return new BurrEndpoint(store, serde);
	}

}
