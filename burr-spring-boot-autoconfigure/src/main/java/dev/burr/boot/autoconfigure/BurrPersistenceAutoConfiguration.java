package dev.burr.boot.autoconfigure;

import dev.burr.boot.autoconfigure.BurrProperties.PersistenceType;
import dev.burr.persistence.InMemoryStatePersister;
import dev.burr.persistence.StatePersister;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration} of the persister when
 * neither JDBC nor Redis applies: memory for {@code burr.persistence.type=memory}, or {@code auto} with no
 * {@code DataSource} and no {@code RedisConnectionFactory}; a startup failure naming the fix when
 * {@code jdbc} or {@code redis} was asked for and cannot be configured.
 *
 * @author Burr for Java
 * @since 0.1.0
 */
@AutoConfiguration(afterName = { "dev.burr.boot.autoconfigure.jdbc.BurrJdbcPersistenceAutoConfiguration",
		"dev.burr.boot.autoconfigure.redis.BurrRedisPersistenceAutoConfiguration" })
@ConditionalOnMissingBean(StatePersister.class)
@EnableConfigurationProperties(BurrProperties.class)
public final class BurrPersistenceAutoConfiguration {

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnPersistenceType({ PersistenceType.AUTO, PersistenceType.MEMORY })
	static class InMemoryPersistenceConfiguration {

		@Bean
		InMemoryStatePersister burrStatePersister() {
			return new InMemoryStatePersister();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnPersistenceType({ PersistenceType.JDBC, PersistenceType.REDIS })
	static class MissingBackendConfiguration {

		@Bean
		StatePersister burrStatePersister(BurrProperties properties, ListableBeanFactory beanFactory) {
			throw MissingBackend.of(properties.getPersistence().getType(), beanFactory);
		}

	}

}
