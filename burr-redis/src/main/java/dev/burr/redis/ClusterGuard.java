package dev.burr.redis;

import org.springframework.data.redis.connection.RedisClusterConnection;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * Refuses Burr's key layout on a Redis Cluster, where one save's keys would fall in several hash slots and
 * fail with {@code CROSSSLOT} depending on the ids. A Lettuce factory is judged at construction, without I/O;
 * any other factory on the first operation, from the kind of connection it hands out.
 */
final class ClusterGuard {

	private final RedisConnectionFactory connectionFactory;

	private volatile boolean passed;

	ClusterGuard(RedisConnectionFactory connectionFactory, boolean clusterSafe) {
		this.connectionFactory = connectionFactory;
		if (clusterSafe) {
			this.passed = true;
		}
		else if (connectionFactory instanceof LettuceConnectionFactory lettuce) {
			if (lettuce.isClusterAware()) {
				throw refusal();
			}
			this.passed = true;
		}
	}

	/** Throws when the factory turns out to connect to a cluster; checks once. */
	void check() {
		if (this.passed) {
			return;
		}
		try (RedisConnection connection = this.connectionFactory.getConnection()) {
			if (connection instanceof RedisClusterConnection) {
				throw refusal();
			}
		}
		this.passed = true;
	}

	private static IllegalStateException refusal() {
		return new IllegalStateException("The Redis connection factory connects to a Redis Cluster, but the "
				+ "persister was built with clusterSafe(false): Burr's key layout puts one partition's keys in several"
				+ " hash slots, so saves would fail with CROSSSLOT. Build it with clusterSafe(true) (Spring Boot: "
				+ "burr.persistence.redis.cluster-safe=true); Python Burr cannot read the cluster-safe layout.");
	}

}
