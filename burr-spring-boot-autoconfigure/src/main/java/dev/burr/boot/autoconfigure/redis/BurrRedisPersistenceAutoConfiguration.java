package dev.burr.boot.autoconfigure.redis;

import dev.burr.boot.autoconfigure.BurrConfigurationException;
import dev.burr.boot.autoconfigure.BurrProperties;
import dev.burr.boot.autoconfigure.BurrProperties.PersistenceType;
import dev.burr.boot.autoconfigure.BurrSerdeAutoConfiguration;
import dev.burr.boot.autoconfigure.BurrWriteBehindLifecycle;
import dev.burr.boot.autoconfigure.ConditionalOnPersistenceType;
import dev.burr.boot.autoconfigure.jdbc.BurrJdbcPersistenceAutoConfiguration;
import dev.burr.persistence.StatePersister;
import dev.burr.redis.RedisStatePersister;
import dev.burr.serde.StateSerde;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.data.redis.connection.RedisConnectionFactory;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration} of a
 * {@link RedisStatePersister} on the application's {@link RedisConnectionFactory}, when
 * {@code burr.persistence.type} is {@code redis}, or {@code auto} and there is a connection factory but no JDBC
 * persister. On a Redis Cluster ({@code spring.data.redis.cluster.nodes}) the persister uses the cluster-safe
 * key layout unless {@code burr.persistence.redis.cluster-safe} says otherwise. A {@link BurrWriteBehindLifecycle}
 * stores the persister's write-behind queue when the context stops, before the connection factory closes.
 *
 * @author Burr for Java
 * @since 0.1.0
 */
@AutoConfiguration(after = { DataRedisAutoConfiguration.class, BurrSerdeAutoConfiguration.class,
		BurrJdbcPersistenceAutoConfiguration.class })
@ConditionalOnClass({ RedisStatePersister.class, RedisConnectionFactory.class })
@ConditionalOnSingleCandidate(RedisConnectionFactory.class)
@ConditionalOnMissingBean(StatePersister.class)
@ConditionalOnPersistenceType({ PersistenceType.AUTO, PersistenceType.REDIS })
@EnableConfigurationProperties(BurrProperties.class)
public final class BurrRedisPersistenceAutoConfiguration {

	@Bean(destroyMethod = "")
	RedisStatePersister burrStatePersister(RedisConnectionFactory connectionFactory, BurrProperties properties,
			StateSerde serde, Environment environment) {
		BurrProperties.Persistence persistence = properties.getPersistence();
		BurrProperties.Redis redis = persistence.getRedis();
		RedisStatePersister.Builder builder = RedisStatePersister.builder(connectionFactory)
			.serde(serde)
			.layout(persistence.getLayout())
			.snapshotEvery(persistence.checkedSnapshotEvery())
			.groupCommitLimit(persistence.checkedGroupCommitLimit())
			.writeBehind(persistence.getWriteBehind().checkedSettings());
		try {
			builder.namespace(redis.getNamespace());
		}
		catch (IllegalArgumentException ex) {
			throw new BurrConfigurationException("burr.persistence.redis.namespace",
					"Invalid Burr Redis namespace '" + redis.getNamespace() + "': " + ex.getMessage(),
					"Set burr.persistence.redis.namespace to letters, digits, '.', '_' and '-' only (such as "
							+ "burr), or to an empty value for Burr's keys without a namespace.",
					ex);
		}
		try {
			builder.ttl(redis.getTtl());
		}
		catch (IllegalArgumentException ex) {
			throw new BurrConfigurationException("burr.persistence.redis.ttl",
					"Invalid Burr Redis TTL '" + redis.getTtl() + "': " + ex.getMessage(),
					"Set burr.persistence.redis.ttl to a positive duration such as 30d, or leave it unset to "
							+ "keep steps until they are deleted.",
					ex);
		}
		Boolean clusterSafe = redis.getClusterSafe();
		builder.clusterSafe((clusterSafe != null) ? clusterSafe : RedisClusters.isCluster(connectionFactory, environment));
		try {
			return builder.build();
		}
		catch (IllegalStateException ex) {
			throw new BurrConfigurationException("burr.persistence.redis.cluster-safe",
					"burr.persistence.redis.cluster-safe is false, but the Redis connection factory connects to a "
							+ "Redis Cluster, where Burr's key layout would fail with CROSSSLOT.",
					"Set burr.persistence.redis.cluster-safe=true, or leave it unset so that it follows "
							+ "spring.data.redis.cluster.nodes. Python Burr cannot read the cluster-safe layout.",
					ex);
		}
	}

	@Bean
	BurrWriteBehindLifecycle burrWriteBehindLifecycle(RedisStatePersister burrStatePersister,
			BurrProperties properties, Environment environment) {
		return BurrWriteBehindLifecycle.of(burrStatePersister, properties, environment);
	}

}
