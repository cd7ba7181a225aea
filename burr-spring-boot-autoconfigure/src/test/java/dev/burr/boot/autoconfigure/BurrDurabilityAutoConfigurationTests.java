package dev.burr.boot.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import dev.burr.core.Application;
import dev.burr.core.ApplicationBuilder;
import dev.burr.core.State;
import dev.burr.jdbc.JdbcStatePersister;
import dev.burr.jdbc.test.TestDatabases;
import dev.burr.persistence.Durability;
import dev.burr.persistence.InMemoryStatePersister;
import dev.burr.persistence.PersistedState;
import dev.burr.persistence.StatePersister;
import dev.burr.persistence.StateStore;
import dev.burr.persistence.Status;
import dev.burr.persistence.write.WriteBehind;
import dev.burr.persistence.write.WriteBehindSettings;
import dev.burr.persistence.write.WriteBehindSettings.WhenFull;
import dev.burr.redis.RedisStatePersister;
import dev.burr.redis.test.TestRedis;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@code burr.persistence.durability}, the group commit and write-behind properties, and the
 * {@link BurrWriteBehindLifecycle} that stores the queue at shutdown.
 */
@ExtendWith(OutputCaptureExtension.class)
class BurrDurabilityAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(BurrAutoConfigurations.burr())
		.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class));

	private final ApplicationContextRunner withH2 = this.runner
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class))
		.withPropertyValues("spring.datasource.url=jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");

	private final ApplicationContextRunner withRedis = this.runner
		.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class))
		.withPropertyValues("spring.data.redis.url=" + TestRedis.uri(),
				"burr.persistence.redis.namespace=" + TestRedis.uniqueNamespace());

	@Test
	void defaultsAreSyncAndTheCoresDefaults() {
		this.withH2.run((context) -> {
			BurrProperties.Persistence persistence = context.getBean(BurrProperties.class).getPersistence();
			assertThat(persistence.getDurability()).isEqualTo(Durability.SYNC);
			assertThat(persistence.getGroupCommitLimit()).isEqualTo(JdbcStatePersister.DEFAULT_GROUP_COMMIT_LIMIT);
			assertThat(persistence.getWriteBehind().checkedSettings()).isEqualTo(WriteBehindSettings.defaults());
			JdbcStatePersister persister = context.getBean(JdbcStatePersister.class);
			assertThat(persister.getGroupCommitLimit()).isEqualTo(256);
			assertThat(context.getBean(BurrWriteBehindLifecycle.class).getTimeout()).isEqualTo(Duration.ofSeconds(30));
		});
	}

	@Test
	void propertiesReachTheJdbcPersister() {
		this.withH2.withPropertyValues(tuned()).run((context) -> {
			JdbcStatePersister persister = context.getBean(JdbcStatePersister.class);
			assertThat(persister.getGroupCommitLimit()).isEqualTo(8);
			assertThat(persister.writeBehind().settings()).isEqualTo(tunedSettings());
		});
	}

	@Test
	void propertiesReachTheRedisPersister() {
		this.withRedis.withPropertyValues(tuned()).run((context) -> {
			RedisStatePersister persister = context.getBean(RedisStatePersister.class);
			assertThat(persister.getGroupCommitLimit()).isEqualTo(8);
			assertThat(persister.writeBehind().settings()).isEqualTo(tunedSettings());
		});
	}

	@Test
	void writeBehindPropertiesReachTheMemoryPersister() {
		this.runner.withPropertyValues(tuned())
			.run((context) -> assertThat(context.getBean(InMemoryStatePersister.class).writeBehind().settings())
				.isEqualTo(tunedSettings()));
	}

	@Test
	void whenFullAndDurabilityBindCaseInsensitively() {
		this.runner.withPropertyValues("burr.persistence.durability=ASYNC", "burr.persistence.write-behind.when-full=Fail")
			.run((context) -> {
				BurrProperties.Persistence persistence = context.getBean(BurrProperties.class).getPersistence();
				assertThat(persistence.getDurability()).isEqualTo(Durability.ASYNC);
				assertThat(persistence.getWriteBehind().getWhenFull()).isEqualTo(WhenFull.FAIL);
			});
	}

	@Test
	void asyncApplicationsOnJdbcQueueTheirStepsAndLoadThemAfterFlush() {
		this.withH2.withPropertyValues("burr.persistence.durability=async").run((context) -> {
			JdbcStatePersister persister = context.getBean(JdbcStatePersister.class);
			List<Integer> batches = batchSizes(persister.writeBehind());
			Application app = Counter.build(context.getBean(ApplicationBuilder.class), "async-jdbc");
			for (int i = 0; i < 5; i++) {
				app.step();
			}
			app.flush();
			awaitBatchedSteps(batches, 5);
			assertThat(persister.writeBehind().depth()).isZero();
			assertThat(new JdbcTemplate(context.getBean(DataSource.class))
				.queryForObject("SELECT COUNT(*) FROM burr_state WHERE app_id = 'async-jdbc'", Integer.class))
				.isEqualTo(5);
			Application resumed = Counter.build(context.getBean(ApplicationBuilder.class), "async-jdbc");
			assertThat(resumed.sequenceId()).hasValue(4);
			assertThat(resumed.state().get("count", Integer.class)).isEqualTo(5);
		});
	}

	@Test
	void asyncApplicationsOnRedisQueueTheirStepsAndLoadThemAfterFlush() {
		this.withRedis.withPropertyValues("burr.persistence.durability=async").run((context) -> {
			String namespace = context.getEnvironment().getProperty("burr.persistence.redis.namespace");
			try {
				RedisStatePersister persister = context.getBean(RedisStatePersister.class);
				List<Integer> batches = batchSizes(persister.writeBehind());
				String appId = UUID.randomUUID().toString();
				Application app = Counter.build(context.getBean(ApplicationBuilder.class), appId);
				for (int i = 0; i < 5; i++) {
					app.step();
				}
				app.flush();
				awaitBatchedSteps(batches, 5);
				assertThat(persister.history("user-1", appId)).hasSize(5);
				Application resumed = Counter.build(context.getBean(ApplicationBuilder.class), appId);
				assertThat(resumed.sequenceId()).hasValue(4);
				assertThat(resumed.state().get("count", Integer.class)).isEqualTo(5);
			}
			finally {
				TestRedis.deleteKeysStartingWith(namespace + ":");
			}
		});
	}

	@Test
	void asyncApplicationsInMemoryQueueTheirSteps() {
		this.runner.withPropertyValues("burr.persistence.durability=async").run((context) -> {
			InMemoryStatePersister persister = context.getBean(InMemoryStatePersister.class);
			List<Integer> batches = batchSizes(persister.writeBehind());
			Application app = Counter.build(context.getBean(ApplicationBuilder.class), "async-memory");
			app.step();
			app.step();
			app.flush();
			awaitBatchedSteps(batches, 2);
			assertThat(persister.history("user-1", "async-memory")).hasSize(2);
		});
	}

	@Test
	void syncApplicationsDoNotQueue() {
		this.withH2.run((context) -> {
			JdbcStatePersister persister = context.getBean(JdbcStatePersister.class);
			List<Integer> batches = batchSizes(persister.writeBehind());
			Counter.build(context.getBean(ApplicationBuilder.class), "sync-jdbc").step();
			assertThat(persister.history("user-1", "sync-jdbc")).hasSize(1);
			assertThat(batches).isEmpty();
		});
	}

	@Test
	void aCustomizerMayChangeTheDurability() {
		this.runner.withPropertyValues("burr.persistence.durability=async")
			.withBean(ApplicationBuilderCustomizer.class, () -> (builder) -> builder.withDurability(Durability.SYNC))
			.run((context) -> {
				InMemoryStatePersister persister = context.getBean(InMemoryStatePersister.class);
				List<Integer> batches = batchSizes(persister.writeBehind());
				Counter.build(context.getBean(ApplicationBuilder.class), "made-sync").step();
				assertThat(persister.history("user-1", "made-sync")).hasSize(1);
				assertThat(batches).isEmpty();
			});
	}

	@ParameterizedTest
	@CsvSource({ "burr.persistence.group-commit-limit, 0, 0", "burr.persistence.write-behind.capacity, 0, 0",
			"burr.persistence.write-behind.max-batch, -2, -2", "burr.persistence.write-behind.timeout, -1s, PT-1S" })
	void invalidValueFailsStartupOnJdbcNamingThePropertyAndTheValue(String property, String value, String shown) {
		this.withH2.withPropertyValues(property + "=" + value).run((context) -> {
			FailureAnalysis analysis = BurrPersistenceAutoConfigurationTests.analyze(context);
			assertThat(analysis.getDescription()).contains(property).contains("'" + shown + "'");
			assertThat(analysis.getAction()).contains(property);
		});
	}

	@ParameterizedTest
	@CsvSource({ "burr.persistence.group-commit-limit, 0", "burr.persistence.write-behind.capacity, -1" })
	void invalidValueFailsStartupOnRedisNamingTheProperty(String property, String value) {
		this.withRedis.withPropertyValues(property + "=" + value)
			.run((context) -> assertThat(BurrPersistenceAutoConfigurationTests.analyze(context).getAction())
				.contains(property));
	}

	@Test
	void invalidWriteBehindValueFailsStartupInMemory() {
		this.runner.withPropertyValues("burr.persistence.write-behind.capacity=0")
			.run((context) -> assertThat(BurrPersistenceAutoConfigurationTests.analyze(context).getDescription())
				.contains("burr.persistence.write-behind.capacity"));
	}

	@Test
	void asyncWithoutAPersisterFailsStartupNamingDurability() {
		this.runner.withPropertyValues("burr.persistence.type=none", "burr.persistence.durability=async")
			.withUserConfiguration(BuilderUserConfiguration.class)
			.run((context) -> {
				FailureAnalysis analysis = BurrPersistenceAutoConfigurationTests.analyze(context);
				assertThat(analysis.getDescription()).contains("burr.persistence.durability=async")
					.contains("no StatePersister bean");
				assertThat(analysis.getAction()).contains("burr.persistence.durability=sync");
			});
	}

	@Test
	void asyncWithAPersisterThatCannotQueueFailsStartupNamingDurability() {
		this.runner.withPropertyValues("burr.persistence.durability=async")
			.withBean("userPersister", StatePersister.class, NoQueuePersister::new)
			.withUserConfiguration(BuilderUserConfiguration.class)
			.run((context) -> {
				FailureAnalysis analysis = BurrPersistenceAutoConfigurationTests.analyze(context);
				assertThat(analysis.getDescription()).contains("burr.persistence.durability=async")
					.contains(NoQueuePersister.class.getName())
					.contains("no write-behind queue");
				assertThat(analysis.getAction()).contains("burr.persistence.durability=sync");
			});
	}

	@Test
	void closingTheContextStoresEveryQueuedStep() {
		String url = "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
		ControllableDataSource dataSource = new ControllableDataSource(h2(url));
		AtomicInteger depthAtClose = new AtomicInteger();
		this.runner.withBean("dataSource", DataSource.class, () -> dataSource)
			.withPropertyValues("burr.persistence.durability=async", "burr.persistence.write-behind.max-batch=1")
			.run((context) -> {
				List<Application> apps = new ArrayList<>();
				for (int i = 0; i < 4; i++) {
					apps.add(Counter.build(context.getBean(ApplicationBuilder.class), "drained-" + i));
				}
				dataSource.slowDown(Duration.ofMillis(20));
				for (int step = 0; step < 10; step++) {
					for (Application app : apps) {
						app.step();
					}
				}
				depthAtClose.set(context.getBean(JdbcStatePersister.class).writeBehind().depth());
			});
		assertThat(depthAtClose.get()).as("steps still queued when the context closed").isGreaterThan(10);
		JdbcTemplate jdbc = new JdbcTemplate(h2(url));
		assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM burr_state", Integer.class)).isEqualTo(40);
		assertThat(jdbc.queryForList("SELECT MAX(sequence_id) FROM burr_state GROUP BY app_id", Long.class))
			.containsExactly(9L, 9L, 9L, 9L);
	}

	@Test
	void closingTheContextStoresEveryQueuedStepInRedisBeforeItsConnectionFactoryStops() {
		String namespace = TestRedis.uniqueNamespace();
		List<String> appIds = new ArrayList<>();
		try {
			this.withRedis.withPropertyValues("burr.persistence.redis.namespace=" + namespace,
					"burr.persistence.durability=async", "burr.persistence.write-behind.max-batch=1")
				.run((context) -> {
					assertThat(BurrWriteBehindLifecycle.PHASE)
						.isGreaterThan(context.getBean(LettuceConnectionFactory.class).getPhase())
						.isLessThan(WebServerApplicationContext.START_STOP_LIFECYCLE_PHASE);
					List<Application> apps = new ArrayList<>();
					for (int i = 0; i < 20; i++) {
						appIds.add(UUID.randomUUID().toString());
						apps.add(Counter.build(context.getBean(ApplicationBuilder.class), appIds.get(i)));
					}
					for (int step = 0; step < 25; step++) {
						for (Application app : apps) {
							app.step();
						}
					}
				});
			this.withRedis.withPropertyValues("burr.persistence.redis.namespace=" + namespace).run((context) -> {
				StateStore store = context.getBean(StateStore.class);
				assertThat(appIds).allSatisfy((appId) -> assertThat(store.history("user-1", appId)).hasSize(25));
			});
		}
		finally {
			TestRedis.deleteKeysStartingWith(namespace + ":");
		}
	}

	@Test
	void stepsNotStoredWithinTheShutdownPhaseAreLoggedAsLost(CapturedOutput output) {
		String url = "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
		ControllableDataSource dataSource = new ControllableDataSource(h2(url));
		long[] closeStarted = new long[1];
		this.runner.withBean("dataSource", DataSource.class, () -> dataSource)
			.withPropertyValues("burr.persistence.durability=async", "burr.persistence.write-behind.timeout=20s",
					"spring.lifecycle.timeout-per-shutdown-phase=300ms")
			.run((context) -> {
				assertThat(context.getBean(BurrWriteBehindLifecycle.class).getTimeout())
					.isEqualTo(Duration.ofMillis(300));
				Application app = Counter.build(context.getBean(ApplicationBuilder.class), "lost");
				dataSource.unreachable(true);
				app.step();
				app.step();
				app.step();
				closeStarted[0] = System.nanoTime();
			});
		Duration closing = Duration.ofNanos(System.nanoTime() - closeStarted[0]);
		assertThat(output).contains("Burr lost queued steps at shutdown: 3 queued steps were not stored")
			.contains(ControllableDataSource.UNREACHABLE);
		assertThat(closing).as("closing waits for the shutdown phase, not again for the write-behind timeout")
			.isLessThan(Duration.ofSeconds(10));
		assertThat(new JdbcTemplate(h2(url)).queryForObject("SELECT COUNT(*) FROM burr_state", Integer.class)).isZero();
	}

	@Test
	void theQueueIsClosedOnceTheContextStops() {
		WriteBehind[] queue = new WriteBehind[1];
		this.runner.withPropertyValues("burr.persistence.durability=async")
			.run((context) -> queue[0] = context.getBean(InMemoryStatePersister.class).writeBehind());
		assertThatExceptionOfType(RuntimeException.class)
			.isThrownBy(() -> queue[0].save("user-1", "late", 0, "count", State.of(java.util.Map.of()),
					Status.COMPLETED))
			.withMessageContaining("closed");
	}

	@Test
	void aSyncContextClosesTheQueueThatAsyncApplicationsMade() {
		String url = "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
		ControllableDataSource dataSource = new ControllableDataSource(h2(url));
		this.runner.withBean("dataSource", DataSource.class, () -> dataSource)
			.withPropertyValues("burr.persistence.write-behind.max-batch=1")
			.run((context) -> {
				Application app = Counter.build(context.getBean(ApplicationBuilder.class).withDurability(Durability.ASYNC),
						"made-async");
				dataSource.slowDown(Duration.ofMillis(20));
				for (int i = 0; i < 10; i++) {
					app.step();
				}
			});
		assertThat(new JdbcTemplate(h2(url))
			.queryForObject("SELECT COUNT(*) FROM burr_state WHERE app_id = 'made-async'", Integer.class))
			.isEqualTo(10);
	}

	private static String[] tuned() {
		return new String[] { "burr.persistence.group-commit-limit=8", "burr.persistence.write-behind.capacity=50",
				"burr.persistence.write-behind.when-full=fail", "burr.persistence.write-behind.timeout=5s",
				"burr.persistence.write-behind.max-batch=10" };
	}

	private static WriteBehindSettings tunedSettings() {
		return new WriteBehindSettings(50, WhenFull.FAIL, Duration.ofSeconds(5), 10);
	}

	private static List<Integer> batchSizes(WriteBehind queue) {
		List<Integer> sizes = new java.util.concurrent.CopyOnWriteArrayList<>();
		queue.addListener((size, took) -> sizes.add(size));
		return sizes;
	}

	/** Waits for the listener to hear of {@code steps} steps: it is told just after a flush returns. */
	private static void awaitBatchedSteps(List<Integer> batches, int steps) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
		while (batches.stream().mapToInt(Integer::intValue).sum() < steps && System.nanoTime() < deadline) {
			Thread.sleep(5);
		}
		assertThat(batches.stream().mapToInt(Integer::intValue).sum()).isEqualTo(steps);
	}

	private static DataSource h2(String url) {
		org.h2.jdbcx.JdbcDataSource dataSource = new org.h2.jdbcx.JdbcDataSource();
		dataSource.setURL(url);
		return dataSource;
	}

	@Configuration(proxyBeanMethods = false)
	static class BuilderUserConfiguration {

		@Bean
		String usesABuilder(ApplicationBuilder builder) {
			return builder.toString();
		}

	}

	/** A persister with no write-behind queue. */
	static final class NoQueuePersister implements StatePersister {

		private final InMemoryStatePersister delegate = new InMemoryStatePersister();

		@Override
		public void initialize() {
		}

		@Override
		public boolean isInitialized() {
			return true;
		}

		@Override
		public void save(@Nullable String partitionKey, String appId, long sequenceId, String position, State state,
				Status status) {
			this.delegate.save(partitionKey, appId, sequenceId, position, state, status);
		}

		@Override
		public Optional<PersistedState> load(@Nullable String partitionKey, String appId,
				@Nullable Long sequenceId) {
			return this.delegate.load(partitionKey, appId, sequenceId);
		}

		@Override
		public List<String> listAppIds(@Nullable String partitionKey) {
			return this.delegate.listAppIds(partitionKey);
		}

	}

}
