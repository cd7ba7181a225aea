package dev.burr.boot.autoconfigure;

import java.util.UUID;

import dev.burr.core.ApplicationBuilder;
import dev.burr.persistence.StateStore;
import dev.burr.redis.test.TestRedis;
import dev.burr.testing.services.TestServices;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/** The Redis persister on a real Redis Cluster named by {@code spring.data.redis.cluster.nodes}. */
class BurrRedisClusterAutoConfigurationTests {

	private final String namespace = TestRedis.uniqueNamespace();

	private final ApplicationContextRunner onCluster = new ApplicationContextRunner()
		.withConfiguration(BurrAutoConfigurations.burr())
		.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, DataRedisAutoConfiguration.class))
		.withPropertyValues(
				"spring.data.redis.cluster.nodes=" + String.join(",", TestServices.redisCluster().hostAndPorts()),
				"burr.persistence.redis.namespace=" + this.namespace);

	@AfterEach
	void deleteNamespace() {
		TestRedis.deleteClusterKeysStartingWith(this.namespace + ":");
	}

	@Test
	void onAClusterThePersisterUsesTheClusterSafeLayoutUnlessToldOtherwise() {
		this.onCluster.run((context) -> {
			assertThat(context).hasNotFailed();
			String appId = UUID.randomUUID().toString();
			Counter.build(context.getBean(ApplicationBuilder.class), appId).step();
			Counter.build(context.getBean(ApplicationBuilder.class), appId).step();
			assertThat(context.getBean(StateStore.class).history("user-1", appId)).hasSize(2);
			StringRedisTemplate redis = new StringRedisTemplate(TestRedis.clusterConnectionFactory());
			assertThat(redis.hasKey(this.namespace + ":{pk=user-1}:" + appId + ":1")).isTrue();
		});
	}

	@Test
	void clusterSafeTrueIsTakenAsSaid() {
		this.onCluster.withPropertyValues("burr.persistence.redis.cluster-safe=true").run((context) -> {
			String appId = UUID.randomUUID().toString();
			Counter.build(context.getBean(ApplicationBuilder.class), appId).step();
			assertThat(context.getBean(StateStore.class).load("user-1", appId, 0L)).isPresent();
		});
	}

	@Test
	void clusterSafeFalseOnAClusterFailsAtStartupNamingTheProperty() {
		this.onCluster.withPropertyValues("burr.persistence.redis.cluster-safe=false").run((context) -> {
			assertThat(context).hasFailed();
			FailureAnalysis analysis = new BurrConfigurationFailureAnalyzer().analyze(context.getStartupFailure());
			assertThat(analysis).isNotNull();
			assertThat(analysis.getDescription()).contains("burr.persistence.redis.cluster-safe is false")
				.contains("Redis Cluster");
			assertThat(analysis.getAction()).contains("burr.persistence.redis.cluster-safe=true");
		});
	}

}
