package dev.burr.boot.autoconfigure.actuate;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import dev.burr.boot.autoconfigure.BurrAutoConfigurations;
import dev.burr.boot.autoconfigure.ControllableDataSource;
import dev.burr.boot.autoconfigure.Counter;
import dev.burr.boot.autoconfigure.actuate.BurrEndpoint.HistoryDescriptor;
import dev.burr.core.Application;
import dev.burr.core.ApplicationBuilder;
import dev.burr.jdbc.JdbcStatePersister;
import dev.burr.jdbc.test.TestDatabases;
import dev.burr.testing.TcpProxy;
import dev.burr.redis.test.TestRedis;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/**
 * Tests for the {@code burr} endpoint and health indicator.
 */
class BurrActuatorAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(BurrAutoConfigurations.burr())
		.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class,
				BurrActuatorAutoConfiguration.class, BurrHealthContributorAutoConfiguration.class))
		.withPropertyValues("management.endpoints.web.exposure.include=burr");

	private final ApplicationContextRunner withH2 = this.runner
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class))
		.withPropertyValues("spring.datasource.url=jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");

	@Test
	void endpointListsAppsAndShowsOneAppsHistoryAsJson() {
		this.withH2.run((context) -> {
			Application app = Counter.build(context.getBean(ApplicationBuilder.class), "chat-1");
			app.step();
			app.step();
			Counter.build(context.getBean(ApplicationBuilder.class), "chat-2").step();
			BurrEndpoint endpoint = context.getBean(BurrEndpoint.class);
			assertThat(endpoint.apps("user-1", null, null).apps()).extracting(BurrEndpoint.AppDescriptor::appId)
				.containsExactly("chat-2", "chat-1");
			assertThat(endpoint.apps("user-1", 1, 1).apps()).extracting(BurrEndpoint.AppDescriptor::appId)
				.containsExactly("chat-1");
			assertThat(endpoint.apps("nobody", null, null).apps()).isEmpty();
			HistoryDescriptor history = endpoint.app("chat-1", "user-1");
			String json = context.getBean(JsonMapper.class).writeValueAsString(history);
			assertThat(json).contains("\"appId\":\"chat-1\"")
				.contains("\"sequenceId\":0")
				.contains("\"sequenceId\":1")
				.contains("\"position\":\"count\"")
				.contains("\"status\":\"completed\"")
				.contains("\"count\":2");
			assertThat(endpoint.app("chat-1", "someone-else")).isNull();
		});
	}

	@Test
	void endpointIsAbsentUnlessExposed() {
		this.runner.withPropertyValues("management.endpoints.web.exposure.include=health")
			.run((context) -> assertThat(context).doesNotHaveBean(BurrEndpoint.class));
	}

	@Test
	void healthIsUpWhenTheTableExists() {
		this.withH2.run((context) -> {
			Health health = context.getBean("burrHealthIndicator", BurrHealthIndicator.class).health();
			assertThat(health.getStatus()).isEqualTo(Status.UP);
			assertThat(health.getDetails()).containsEntry("backend", "jdbc");
		});
	}

	@Test
	void healthIsDownNamingThePropertyWhenInitializeSchemaIsNeverAndTheTableIsMissing() {
		this.withH2.withPropertyValues("burr.persistence.jdbc.initialize-schema=never").run((context) -> {
			assertThat(context).hasNotFailed();
			Health health = context.getBean(BurrHealthIndicator.class).health();
			assertThat(health.getStatus()).isEqualTo(Status.DOWN);
			assertThat((String) health.getDetails().get("error")).contains("'burr_state'")
				.contains("burr.persistence.jdbc.initialize-schema=always")
				.contains("classpath:db/burr/migration");
		});
	}

	@Test
	void healthNamesTheDeltaLayoutsTableWhenItIsMissing() {
		this.withH2
			.withPropertyValues("burr.persistence.layout=delta", "burr.persistence.jdbc.initialize-schema=never")
			.run((context) -> {
				Health health = context.getBean(BurrHealthIndicator.class).health();
				assertThat(health.getStatus()).isEqualTo(Status.DOWN);
				assertThat((String) health.getDetails().get("error")).contains("'burr_state_delta'")
					.contains("classpath:db/burr/delta/<database>/");
			});
	}

	@Test
	void healthIsDownOnceTheDatabaseIsUnreachable() {
		HikariDataSource pool = TestDatabases.postgres().newPool((config) -> config.setConnectionTimeout(1000));
		String table = TestDatabases.uniqueTableName("boot_health");
		this.runner.withBean("dataSource", javax.sql.DataSource.class, () -> pool)
			.withPropertyValues("burr.persistence.jdbc.table-name=" + table)
			.run((context) -> {
				BurrHealthIndicator indicator = context.getBean(BurrHealthIndicator.class);
				assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);
				pool.close();
				Health down = indicator.health();
				assertThat(down.getStatus()).isEqualTo(Status.DOWN);
				assertThat(down.getDetails()).containsKey("error");
			});
		BurrAutoConfigurations.dropTables(TestDatabases.postgres().dataSource(), table);
	}

	@Test
	void healthIsDownOnceRedisIsUnreachable() {
		try (TcpProxy proxy = new TcpProxy(TestRedis.uri().getHost(), TestRedis.uri().getPort()).start()) {
			this.runner.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class))
				.withPropertyValues("spring.data.redis.url=redis://127.0.0.1:" + proxy.port(),
						"spring.data.redis.timeout=1s", "spring.data.redis.connect-timeout=1s",
						"burr.persistence.redis.namespace=" + TestRedis.uniqueNamespace())
				.run((context) -> {
					BurrHealthIndicator indicator = context.getBean(BurrHealthIndicator.class);
					Health up = indicator.health();
					assertThat(up.getStatus()).isEqualTo(Status.UP);
					assertThat(up.getDetails()).containsEntry("backend", "redis");
					proxy.stop();
					assertThat(indicator.health().getStatus()).isEqualTo(Status.DOWN);
				});
		}
	}

	@Test
	void healthShowsNoWriteBehindWhenDurabilityIsSync() {
		this.withH2.run((context) -> assertThat(context.getBean(BurrHealthIndicator.class).health().getDetails())
			.doesNotContainKey("writeBehind"));
	}

	@Test
	void healthIsDownWithTheWritersFailureWhileTheWriteBehindQueueCannotBeStored() {
		ControllableDataSource dataSource = new ControllableDataSource(
				TestDatabases.h2("health-" + UUID.randomUUID()));
		this.runner.withBean("dataSource", DataSource.class, () -> dataSource)
			.withPropertyValues("burr.persistence.durability=async",
					"spring.lifecycle.timeout-per-shutdown-phase=5s")
			.run((context) -> {
				BurrHealthIndicator indicator = context.getBean(BurrHealthIndicator.class);
				Health up = indicator.health();
				assertThat(up.getStatus()).isEqualTo(Status.UP);
				assertThat(writeBehind(up)).containsOnly(entry("depth", 0), entry("lag", "PT0S"),
						entry("dropped", 0L));
				Application app = Counter.build(context.getBean(ApplicationBuilder.class), "unstored");
				dataSource.unreachable(true);
				app.step();
				app.step();
				awaitWriterFailure(context.getBean(JdbcStatePersister.class));
				Health down = indicator.health();
				assertThat(down.getStatus()).isEqualTo(Status.DOWN);
				assertThat((String) down.getDetails().get("error")).contains("write-behind writer")
					.contains(ControllableDataSource.UNREACHABLE);
				assertThat(writeBehind(down)).containsEntry("depth", 2).containsKey("lag");
				dataSource.unreachable(false);
				app.flush();
				Health again = indicator.health();
				assertThat(again.getStatus()).isEqualTo(Status.UP);
				assertThat(writeBehind(again)).containsEntry("depth", 0);
			});
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> writeBehind(Health health) {
		return (Map<String, Object>) health.getDetails().get("writeBehind");
	}

	private static void awaitWriterFailure(JdbcStatePersister persister) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (persister.writeBehind().writerFailure().isEmpty()) {
			assertThat(System.nanoTime()).as("the writer failed within 10 s").isLessThan(deadline);
			Thread.sleep(10);
		}
	}

	@Test
	void healthIndicatorCanBeDisabled() {
		this.runner.withPropertyValues("management.health.burr.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(BurrHealthIndicator.class));
	}

}
