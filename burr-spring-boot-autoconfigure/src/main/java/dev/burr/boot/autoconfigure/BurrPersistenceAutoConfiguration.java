package dev.burr.boot.autoconfigure;

import dev.burr.boot.autoconfigure.BurrProperties.PersistenceType;
import dev.burr.persistence.InMemoryStatePersister;
import dev.burr.persistence.StatePersister;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

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

		private static final Log logger = LogFactory.getLog(InMemoryPersistenceConfiguration.class);

		@Bean
		InMemoryStatePersister burrStatePersister(BurrProperties properties) {
			if (properties.getPersistence().getType() == PersistenceType.AUTO) {
				logger.warn("Burr keeps application state in memory: there is no single DataSource or "
						+ "RedisConnectionFactory (with burr-jdbc or burr-redis) to store it in. Set "
						+ "burr.persistence.type=memory to keep it there knowingly, or jdbc or redis to require a "
						+ "store.");
			}
			return new InMemoryStatePersister(properties.getPersistence().getWriteBehind().checkedSettings());
		}

		@Bean
		BurrWriteBehindLifecycle burrWriteBehindLifecycle(InMemoryStatePersister burrStatePersister,
				BurrProperties properties, Environment environment) {
			return BurrWriteBehindLifecycle.of(burrStatePersister, properties, environment);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnPersistenceType({ PersistenceType.JDBC, PersistenceType.REDIS })
	static class MissingBackendConfiguration {

		@Bean
		StatePersister burrStatePersister(BurrProperties properties, ConfigurableListableBeanFactory beanFactory) {
			throw MissingBackend.of(properties.getPersistence().getType(), beanFactory);
		}

	}

}
