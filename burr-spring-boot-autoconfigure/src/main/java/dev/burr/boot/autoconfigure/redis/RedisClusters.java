package dev.burr.boot.autoconfigure.redis;

import org.springframework.core.env.Environment;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.util.ClassUtils;

/**
 * Tells whether the application's Redis is a cluster: a Lettuce factory says so itself; for any other factory,
 * Boot's {@code spring.data.redis.cluster.nodes} does.
 */
final class RedisClusters {

	private static final boolean LETTUCE_PRESENT = ClassUtils.isPresent("io.lettuce.core.RedisClient",
			RedisClusters.class.getClassLoader());

	private RedisClusters() {
	}

	static boolean isCluster(RedisConnectionFactory connectionFactory, Environment environment) {
		if (LETTUCE_PRESENT && connectionFactory instanceof LettuceConnectionFactory lettuce) {
			return lettuce.isClusterAware();
		}
		return environment.containsProperty("spring.data.redis.cluster.nodes");
	}

}
