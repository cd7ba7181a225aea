package dev.burr.boot.autoconfigure;

import java.util.Locale;

import dev.burr.boot.autoconfigure.BurrProperties.PersistenceType;

import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.util.ClassUtils;

/**
 * Explains why the persister {@code burr.persistence.type} asks for could not be configured.
 *
 * @param persisterClass the persister's class
 * @param persisterArtifact the artifact holding it
 * @param bootClass a class of the Spring Boot module that configures the connection
 * @param connectionClass the connection's type
 * @param connectionName the connection's type, short
 * @param addConnection how to add a connection
 * @author Burr for Java
 */
record MissingBackend(String persisterClass, String persisterArtifact, String bootClass, String connectionClass,
		String connectionName, String addConnection) {

	private static final String PROPERTY = "burr.persistence.type";

	private static final MissingBackend JDBC = new MissingBackend("dev.burr.jdbc.JdbcStatePersister",
			"dev.burr:burr-jdbc", "org.springframework.boot.jdbc.EmbeddedDatabaseConnection", "javax.sql.DataSource",
			"DataSource", "add org.springframework.boot:spring-boot-starter-jdbc and your database's JDBC driver, "
					+ "and set spring.datasource.url");

	private static final MissingBackend REDIS = new MissingBackend("dev.burr.redis.RedisStatePersister",
			"dev.burr:burr-redis", "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration",
			"org.springframework.data.redis.connection.RedisConnectionFactory", "RedisConnectionFactory",
			"add org.springframework.boot:spring-boot-starter-data-redis and set spring.data.redis.url "
					+ "(or spring.data.redis.host and port)");

	static BurrConfigurationException of(PersistenceType type, ConfigurableListableBeanFactory beanFactory) {
		return ((type == PersistenceType.JDBC) ? JDBC : REDIS).explain(type, beanFactory);
	}

	private BurrConfigurationException explain(PersistenceType type, ConfigurableListableBeanFactory beanFactory) {
		ClassLoader classLoader = beanFactory.getBeanClassLoader();
		String asked = PROPERTY + "=" + type.name().toLowerCase(Locale.ROOT);
		String otherwise = ", or set " + PROPERTY + " to another type (auto, jdbc, redis, memory or none)";
		if (!ClassUtils.isPresent(this.persisterClass, classLoader)) {
			return new BurrConfigurationException(PROPERTY,
					asked + " but " + this.persisterArtifact + " is not on the classpath.",
					"Add " + this.persisterArtifact + " (dev.burr:burr-spring-boot-starter brings it)" + otherwise
							+ ".");
		}
		if (!ClassUtils.isPresent(this.bootClass, classLoader)
				|| !ClassUtils.isPresent(this.connectionClass, classLoader)) {
			return new BurrConfigurationException(PROPERTY,
					asked + " but Spring Boot's " + this.connectionName + " support is not on the classpath.",
					"To store steps there, " + this.addConnection + otherwise + ".");
		}
		int candidates = beanFactory
			.getBeanNamesForType(ClassUtils.resolveClassName(this.connectionClass, classLoader))
			.length;
		if (candidates > 1) {
			return new BurrConfigurationException(PROPERTY,
					asked + " but there are " + candidates + " " + this.connectionName + " beans and none is primary.",
					"Mark the " + this.connectionName + " Burr should use @Primary, or define your own StatePersister "
							+ "bean" + otherwise + ".");
		}
		return new BurrConfigurationException(PROPERTY,
				asked + " but there is no " + this.connectionName + " bean.",
				"To store steps there, " + this.addConnection + otherwise + ".");
	}

}
