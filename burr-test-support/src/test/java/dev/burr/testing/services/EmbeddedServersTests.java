package dev.burr.testing.services;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The embedded fallbacks start and answer, whatever the environment names: CI sets the {@code BURR_TEST_*}
 * variables, so without these tests the path a machine with only a JDK takes would go untested there.
 */
class EmbeddedServersTests {

	@Test
	void embeddedMariaDbStoresAndReadsARow() throws Exception {
		JdbcServer server = EmbeddedMariaDbServer.start();
		try (Connection connection = DriverManager.getConnection(server.jdbcUrl());
				Statement statement = connection.createStatement()) {
			statement.execute("CREATE TABLE probe (id INT PRIMARY KEY, text VARCHAR(10)) ENGINE = InnoDB");
			statement.execute("INSERT INTO probe VALUES (1, 'one')");
			try (ResultSet rows = statement.executeQuery("SELECT text, VERSION() FROM probe")) {
				assertThat(rows.next()).isTrue();
				assertThat(rows.getString(1)).isEqualTo("one");
				assertThat(rows.getString(2)).contains("MariaDB");
			}
		}
	}

	@Test
	void embeddedPostgresAnswers() throws Exception {
		JdbcServer server = EmbeddedPostgresServer.start();
		try (Connection connection = DriverManager.getConnection(server.jdbcUrl());
				Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery("SELECT version()")) {
			assertThat(rows.next()).isTrue();
			assertThat(rows.getString(1)).startsWith("PostgreSQL");
		}
	}

	@Test
	void embeddedRedisStoresAndReadsAKey() {
		RedisEndpoint redis = EmbeddedRedisServer.start();
		RedisClient client = RedisClient.create(RedisURI.create(redis.host(), redis.port()));
		try (StatefulRedisConnection<String, String> connection = client.connect()) {
			connection.sync().set("probe", "one");
			assertThat(connection.sync().get("probe")).isEqualTo("one");
		}
		finally {
			client.shutdown();
		}
	}

	@Test
	void localRedisClusterServesEverySlotFromThreeMasters() {
		RedisClusterNodes cluster = LocalRedisCluster.start();
		assertThat(cluster.masters()).hasSize(3);
		RedisEndpoint first = cluster.masters().get(0);
		RedisClient client = RedisClient.create(RedisURI.create(first.host(), first.port()));
		try (StatefulRedisConnection<String, String> connection = client.connect()) {
			assertThat(connection.sync().clusterInfo()).contains("cluster_state:ok", "cluster_slots_assigned:16384",
					"cluster_size:3");
		}
		finally {
			client.shutdown();
		}
	}

}
