package dev.burr.boot.autoconfigure;

import dev.burr.boot.autoconfigure.BurrProperties.PersistenceType;

import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.util.ClassUtils;

/**
 * Explains why the persister {@code burr.persistence.type} asks for could not be configured.
 *
 * @author Burr for Java
 */
final class MissingBackend {

	private static final String PROPERTY = "burr.persistence.type";

	private MissingBackend() {
	}

	static BurrConfigurationException of(PersistenceType type, ConfigurableListableBeanFactory beanFactory) {
		ClassLoader classLoader = beanFactory.getBeanClassLoader();
		if (type == PersistenceType.JDBC) {
			return explain(type, classLoader, beanFactory, "dev.burr.jdbc.JdbcStatePersister", "dev.burr:burr-jdbc",
					"org.springframework.boot.jdbc.EmbeddedDatabaseConnection", "javax.sql.DataSource", "DataSource",
					"add org.springframework.boot:spring-boot-starter-jdbc and your database's JDBC driver, and "
							+ "set spring.datasource.url");
		}
		return explain(type, classLoader, beanFactory, "dev.burr.redis.RedisStatePersister", "dev.burr:burr-redis",
				"org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration",
				"org.springframework.data.redis.connection.RedisConnectionFactory", "RedisConnectionFactory",
				"add org.springframework.boot:spring-boot-starter-data-redis and set spring.data.redis.url "
						+ "(or spring.data.redis.host and port)");
	}

	private static BurrConfigurationException explain(PersistenceType type, ClassLoader classLoader,
			ConfigurableListableBeanFactory beanFactory, String persisterClass, String persisterArtifact, String bootClass,
			String connectionClass, String connectionName, String addConnection) {
		String asked = PROPERTY + "=" + type.name().toLowerCase();
		String otherwise = ", or set " + PROPERTY + " to another type (auto, jdbc, redis, memory or none)";
		if (!ClassUtils.isPresent(persisterClass, classLoader)) {
			return new BurrConfigurationException(PROPERTY,
					asked + " but " + persisterArtifact + " is not on the classpath.",
					"Add " + persisterArtifact + " (dev.burr:burr-spring-boot-starter brings it)" + otherwise + ".");
		}
		if (!ClassUtils.isPresent(bootClass, classLoader) || !ClassUtils.isPresent(connectionClass, classLoader)) {
			return new BurrConfigurationException(PROPERTY,
					asked + " but Spring Boot's " + connectionName + " support is not on the classpath.",
					"To store steps there, " + addConnection + otherwise + ".");
		}
		int candidates = beanFactory.getBeanNamesForType(ClassUtils.resolveClassName(connectionClass, classLoader))
			.length;
		if (candidates > 1) {
			return new BurrConfigurationException(PROPERTY,
					asked + " but there are " + candidates + " " + connectionName + " beans and none is primary.",
					"Mark the " + connectionName + " Burr should use @Primary, or define your own StatePersister bean"
							+ otherwise + ".");
		}
		return new BurrConfigurationException(PROPERTY, asked + " but there is no " + connectionName + " bean.",
				"To store steps there, " + addConnection + otherwise + ".");
	}

}
