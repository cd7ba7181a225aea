package dev.burr.boot.autoconfigure;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import dev.burr.boot.autoconfigure.jdbc.BurrJdbcSchemaInitializer;
import dev.burr.core.ApplicationBuilder;
import dev.burr.core.State;
import dev.burr.jdbc.JdbcStatePersister;
import dev.burr.jdbc.test.TestDatabase;
import dev.burr.jdbc.test.TestDatabases;
import dev.burr.persistence.InMemoryStatePersister;
import dev.burr.persistence.PersistedState;
import dev.burr.persistence.StateChange;
import dev.burr.persistence.StateLayout;
import dev.burr.persistence.StatePersister;
import dev.burr.persistence.StateStore;
import dev.burr.persistence.Status;
import dev.burr.redis.RedisStatePersister;
import dev.burr.redis.test.TestRedis;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the persister chosen by {@code burr.persistence.type}.
 */
class BurrPersistenceAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(BurrAutoConfigurations.burr())
		.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class));

	private final ApplicationContextRunner withDataSource = this.runner
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class))
		.withPropertyValues("spring.datasource.url=jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");

	private final ApplicationContextRunner withRedis = this.runner
		.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class))
		.withPropertyValues("spring.data.redis.url=" + TestRedis.uri(),
				"burr.persistence.redis.namespace=" + TestRedis.uniqueNamespace());

	@Test
	void memoryTypeGivesTheInMemoryPersisterEvenWithADataSource() {
		this.withDataSource.withPropertyValues("burr.persistence.type=memory")
			.run((context) -> assertThat(context).hasSingleBean(StatePersister.class)
				.getBean(StatePersister.class)
				.isInstanceOf(InMemoryStatePersister.class));
	}

	@Test
	void noneTypeGivesNoPersisterAndABuilderThatSavesNothing() {
		this.withDataSource.withPropertyValues("burr.persistence.type=none").run((context) -> {
			assertThat(context).doesNotHaveBean(StatePersister.class);
			assertThat(Counter.buildFresh(context.getBean(ApplicationBuilder.class), "a").step()).isPresent();
		});
	}

	@Test
	void jdbcTypeGivesTheJdbcPersisterWithItsTableCreated() {
		this.withDataSource.withPropertyValues("burr.persistence.type=jdbc").run((context) -> {
			assertThat(context).hasSingleBean(BurrJdbcSchemaInitializer.class);
			JdbcStatePersister persister = context.getBean(JdbcStatePersister.class);
			assertThat(persister.isInitialized()).isTrue();
			assertThat(persister.getTableName()).isEqualTo("burr_state");
			Counter.build(context.getBean(ApplicationBuilder.class), "app-1").step();
			assertThat(persister.listAppIds("user-1")).containsExactly("app-1");
		});
	}

	@Test
	void jdbcOnMariaDbCreatesTheTableWithFlywaysMysqlSupport() {
		TestDatabase mariadb = TestDatabases.mariadb();
		String table = TestDatabases.uniqueTableName("boot_maria");
		ApplicationContextRunner runner = this.runner
			.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class))
			.withPropertyValues("spring.datasource.url=" + mariadb.jdbcUrl(),
					"burr.persistence.jdbc.table-name=" + table);
		if (mariadb.username() != null) {
			runner = runner.withPropertyValues("spring.datasource.username=" + mariadb.username(),
					"spring.datasource.password=" + mariadb.password());
		}
		runner.run((context) -> {
			JdbcStatePersister persister = context.getBean(JdbcStatePersister.class);
			assertThat(persister.isInitialized()).isTrue();
			Counter.build(context.getBean(ApplicationBuilder.class), "maria").step();
			assertThat(persister.listAppIds("user-1")).containsExactly("maria");
		});
		BurrAutoConfigurations.dropTables(mariadb.dataSource(), table);
	}

	@Test
	void jdbcTypeHonoursTheTableName() {
		this.withDataSource
			.withPropertyValues("burr.persistence.type=jdbc", "burr.persistence.jdbc.table-name=chat_steps")
			.run((context) -> {
				JdbcStatePersister persister = context.getBean(JdbcStatePersister.class);
				assertThat(persister.getTableName()).isEqualTo("chat_steps");
				assertThat(persister.isInitialized()).isTrue();
			});
	}

	@Test
	void redisTypeGivesTheRedisPersister() {
		this.withRedis.withPropertyValues("burr.persistence.type=redis").run((context) -> {
			StatePersister persister = context.getBean(StatePersister.class);
			assertThat(persister).isInstanceOf(RedisStatePersister.class);
			String appId = UUID.randomUUID().toString();
			Counter.build(context.getBean(ApplicationBuilder.class), appId).step();
			assertThat(persister.listAppIds("user-1")).containsExactly(appId);
		});
	}

	@Test
	void redisTypeWinsOverADataSource() {
		this.withRedis.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class))
			.withPropertyValues("burr.persistence.type=redis")
			.run((context) -> assertThat(context.getBean(StatePersister.class))
				.isInstanceOf(RedisStatePersister.class));
	}

	@Test
	void autoPicksJdbcWhenThereIsADataSourceEvenWithRedis() {
		this.withRedis.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class))
			.withPropertyValues("spring.datasource.url=jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1")
			.run((context) -> assertThat(context).hasSingleBean(StatePersister.class)
				.getBean(StatePersister.class)
				.isInstanceOf(JdbcStatePersister.class));
	}

	@Test
	void autoPicksRedisWhenThereIsNoDataSource() {
		this.withRedis.run((context) -> assertThat(context).hasSingleBean(StatePersister.class)
			.getBean(StatePersister.class)
			.isInstanceOf(RedisStatePersister.class));
	}

	@Test
	void autoPicksMemoryWhenThereIsNeitherDataSourceNorRedis() {
		this.runner.run((context) -> assertThat(context).hasSingleBean(StatePersister.class)
			.getBean(StatePersister.class)
			.isInstanceOf(InMemoryStatePersister.class));
	}

	@Test
	void autoPicksRedisWhenBurrJdbcIsMissing() {
		this.withRedis.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class))
			.withClassLoader(new FilteredClassLoader(JdbcStatePersister.class))
			.run((context) -> assertThat(context.getBean(StatePersister.class))
				.isInstanceOf(RedisStatePersister.class));
	}

	@Test
	void backsOffWhenTheUserDefinesAStatePersister() {
		this.withDataSource.withUserConfiguration(UserPersisterConfiguration.class)
			.withPropertyValues("burr.persistence.type=jdbc")
			.run((context) -> {
				assertThat(context).hasSingleBean(StatePersister.class);
				assertThat(context.getBean(StatePersister.class))
					.isSameAs(context.getBean(UserPersisterConfiguration.class).persister);
				assertThat(context).doesNotHaveBean(BurrJdbcSchemaInitializer.class);
			});
	}

	@Test
	void beansUsingTheJdbcPersisterWaitForItsTable() {
		this.withDataSource.withUserConfiguration(EagerUserConfiguration.class)
			.withPropertyValues("burr.persistence.type=jdbc")
			.run((context) -> assertThat(context.getBean(EagerUser.class).tableExistedWhenCreated).isTrue());
	}

	@Test
	void initializeSchemaNeverLeavesTheTableUncreated() {
		this.withDataSource
			.withPropertyValues("burr.persistence.type=jdbc", "burr.persistence.jdbc.initialize-schema=never")
			.run((context) -> {
				assertThat(context).doesNotHaveBean(BurrJdbcSchemaInitializer.class);
				assertThat(context.getBean(JdbcStatePersister.class).isInitialized()).isFalse();
			});
	}

	@Test
	void initializeSchemaEmbeddedCreatesTheTableInAnEmbeddedDatabase() {
		this.withDataSource
			.withPropertyValues("burr.persistence.type=jdbc", "burr.persistence.jdbc.initialize-schema=embedded")
			.run((context) -> assertThat(context.getBean(JdbcStatePersister.class).isInitialized()).isTrue());
	}

	@Test
	void jdbcTypeWithoutADataSourceFailsNamingTheFix() {
		this.runner.withPropertyValues("burr.persistence.type=jdbc").run((context) -> {
			FailureAnalysis analysis = analyze(context);
			assertThat(analysis.getDescription()).contains("burr.persistence.type=jdbc")
				.contains("no DataSource bean");
			assertThat(analysis.getAction()).contains("spring-boot-starter-jdbc")
				.contains("spring.datasource.url")
				.contains("burr.persistence.type");
		});
	}

	@Test
	void jdbcTypeWithTwoDataSourcesAndNoPrimaryFailsNamingTheFix() {
		this.runner.withBean("one", DataSource.class, () -> TestDatabases.h2("one"))
			.withBean("two", DataSource.class, () -> TestDatabases.h2("two"))
			.withPropertyValues("burr.persistence.type=jdbc")
			.run((context) -> {
				FailureAnalysis analysis = analyze(context);
				assertThat(analysis.getDescription()).contains("2 DataSource beans and none is primary");
				assertThat(analysis.getAction()).contains("@Primary").contains("burr.persistence.type");
			});
	}

	@Test
	void jdbcTypeWithoutBurrJdbcFailsNamingTheArtifact() {
		this.withDataSource.withClassLoader(new FilteredClassLoader(JdbcStatePersister.class))
			.withPropertyValues("burr.persistence.type=jdbc")
			.run((context) -> {
				FailureAnalysis analysis = analyze(context);
				assertThat(analysis.getDescription()).contains("dev.burr:burr-jdbc is not on the classpath");
				assertThat(analysis.getAction()).contains("burr.persistence.type");
			});
	}

	@Test
	void redisTypeWithoutRedisFailsNamingTheFix() {
		this.withDataSource.withPropertyValues("burr.persistence.type=redis").run((context) -> {
			FailureAnalysis analysis = analyze(context);
			assertThat(analysis.getDescription()).contains("burr.persistence.type=redis")
				.contains("no RedisConnectionFactory bean");
			assertThat(analysis.getAction()).contains("spring-boot-starter-data-redis")
				.contains("spring.data.redis.url")
				.contains("burr.persistence.type");
		});
	}

	@Test
	void redisTypeWithoutSpringDataRedisFailsNamingTheFix() {
		this.runner.withClassLoader(new FilteredClassLoader(RedisConnectionFactory.class))
			.withPropertyValues("burr.persistence.type=redis")
			.run((context) -> assertThat(analyze(context).getAction()).contains("spring-boot-starter-data-redis"));
	}

	@Test
	void invalidTableNameFailsNamingTheProperty() {
		this.withDataSource
			.withPropertyValues("burr.persistence.type=jdbc", "burr.persistence.jdbc.table-name=burr; drop table x")
			.run((context) -> {
				FailureAnalysis analysis = analyze(context);
				assertThat(analysis.getDescription()).contains("burr; drop table x")
					.contains("burr.persistence.jdbc.table-name");
				assertThat(analysis.getAction()).contains("burr.persistence.jdbc.table-name")
					.contains("SQL identifier");
			});
	}

	@Test
	void invalidRedisNamespaceFailsNamingTheProperty() {
		this.withRedis.withPropertyValues("burr.persistence.redis.namespace=a b")
			.run((context) -> assertThat(analyze(context).getAction())
				.contains("burr.persistence.redis.namespace"));
	}

	@Test
	void redisTtlIsPassedToThePersister() {
		this.withRedis.withPropertyValues("burr.persistence.redis.ttl=1h").run((context) -> {
			StateStore store = context.getBean(StateStore.class);
			String appId = UUID.randomUUID().toString();
			Counter.build(context.getBean(ApplicationBuilder.class), appId).step();
			RedisConnectionFactory factory = context.getBean(RedisConnectionFactory.class);
			try (var connection = factory.getConnection()) {
				String namespace = context.getEnvironment().getProperty("burr.persistence.redis.namespace");
				Long ttl = connection.keyCommands().ttl((namespace + ":user-1:" + appId + ":0").getBytes());
				assertThat(ttl).isBetween(3500L, 3600L);
			}
			assertThat(store.history("user-1", appId)).hasSize(1);
		});
	}

	@Test
	void defaultLayoutIsBurrsInBurrsTable() {
		this.withDataSource.run((context) -> {
			assertThat(context.getBean(BurrProperties.class).getPersistence().getLayout()).isEqualTo(StateLayout.BURR);
			JdbcStatePersister persister = context.getBean(JdbcStatePersister.class);
			assertThat(persister.getTableName()).isEqualTo("burr_state");
			saveSteps(persister, "app-1", 1);
			JdbcTemplate jdbc = new JdbcTemplate(context.getBean(DataSource.class));
			assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM burr_state WHERE app_id = 'app-1'", Integer.class))
				.isOne();
			assertThat(tableExists(jdbc, "burr_state_delta")).isFalse();
		});
	}

	@Test
	void deltaLayoutStoresStepsInTheDeltaTable() {
		this.withDataSource.withPropertyValues("burr.persistence.layout=delta").run((context) -> {
			JdbcStatePersister persister = context.getBean(JdbcStatePersister.class);
			assertThat(persister.getTableName()).isEqualTo("burr_state_delta");
			assertThat(persister.isInitialized()).isTrue();
			saveSteps(persister, "app-1", 3);
			JdbcTemplate jdbc = new JdbcTemplate(context.getBean(DataSource.class));
			assertThat(jdbc.queryForList("SELECT snapshot FROM burr_state_delta WHERE app_id = 'app-1' "
					+ "ORDER BY sequence_id", Boolean.class))
				.containsExactly(true, false, false);
			assertThat(tableExists(jdbc, "burr_state")).isFalse();
			assertThat(persister.load("user-1", "app-1", null)).map(PersistedState::state)
				.map((state) -> state.get("count"))
				.contains(2);
		});
	}

	@Test
	void layoutBindsCaseInsensitively() {
		this.withDataSource.withPropertyValues("burr.persistence.layout=Delta")
			.run((context) -> assertThat(context.getBean(JdbcStatePersister.class).getTableName())
				.isEqualTo("burr_state_delta"));
	}

	@Test
	void deltaLayoutHonoursTheTableName() {
		this.withDataSource
			.withPropertyValues("burr.persistence.layout=delta", "burr.persistence.jdbc.table-name=chat_deltas")
			.run((context) -> {
				JdbcStatePersister persister = context.getBean(JdbcStatePersister.class);
				assertThat(persister.getTableName()).isEqualTo("chat_deltas");
				saveSteps(persister, "app-1", 1);
				JdbcTemplate jdbc = new JdbcTemplate(context.getBean(DataSource.class));
				assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM chat_deltas", Integer.class)).isOne();
				assertThat(tableExists(jdbc, "burr_state_delta")).isFalse();
			});
	}

	@Test
	void snapshotEveryIsPassedToTheJdbcPersister() {
		this.withDataSource.withPropertyValues("burr.persistence.layout=delta", "burr.persistence.snapshot-every=2")
			.run((context) -> {
				saveSteps(context.getBean(JdbcStatePersister.class), "app-1", 3);
				JdbcTemplate jdbc = new JdbcTemplate(context.getBean(DataSource.class));
				assertThat(jdbc.queryForList("SELECT snapshot FROM burr_state_delta WHERE app_id = 'app-1' "
						+ "ORDER BY sequence_id", Boolean.class))
					.containsExactly(true, false, true);
			});
	}

	@Test
	void snapshotEveryBelowOneFailsNamingThePropertyAndTheValue() {
		this.withDataSource.withPropertyValues("burr.persistence.snapshot-every=0").run((context) -> {
			FailureAnalysis analysis = analyze(context);
			assertThat(analysis.getDescription()).contains("burr.persistence.snapshot-every").contains("'0'");
			assertThat(analysis.getAction()).contains("burr.persistence.snapshot-every");
		});
	}

	@Test
	void redisSnapshotEveryBelowOneFailsNamingThePropertyAndTheValue() {
		this.withRedis.withPropertyValues("burr.persistence.type=redis", "burr.persistence.snapshot-every=-3")
			.run((context) -> {
				FailureAnalysis analysis = analyze(context);
				assertThat(analysis.getDescription()).contains("burr.persistence.snapshot-every").contains("'-3'");
				assertThat(analysis.getAction()).contains("burr.persistence.snapshot-every");
			});
	}

	@Test
	void redisDeltaLayoutStoresStepsUnderTheDeltaKeys() {
		this.withRedis.withPropertyValues("burr.persistence.type=redis", "burr.persistence.layout=delta")
			.run((context) -> {
				String namespace = context.getEnvironment().getProperty("burr.persistence.redis.namespace");
				try {
					StatePersister persister = context.getBean(StatePersister.class);
					saveSteps(persister, "app-1", 2);
					Set<String> keys = keys(context.getBean(RedisConnectionFactory.class), namespace + ":*");
					assertThat(keys).isNotEmpty()
						.allSatisfy((key) -> assertThat(key).startsWith(namespace + ":%delta:"));
					assertThat(persister.load("user-1", "app-1", null)).map(PersistedState::state)
						.map((state) -> state.get("count"))
						.contains(1);
				}
				finally {
					TestRedis.deleteKeysStartingWith(namespace + ":");
				}
			});
	}

	private static void saveSteps(StatePersister persister, String appId, int steps) {
		State state = State.of(Map.of("count", 0, "notes", "n".repeat(2000)));
		persister.save("user-1", appId, 0, "count", state, Status.COMPLETED);
		for (int sequenceId = 1; sequenceId < steps; sequenceId++) {
			State next = state.update("count", sequenceId);
			persister.save("user-1", appId, sequenceId, "count", next, Status.COMPLETED,
					StateChange.between(state, next));
			state = next;
		}
	}

	private static boolean tableExists(JdbcTemplate jdbc, String table) {
		List<String> tables = jdbc.queryForList(
				"SELECT table_name FROM information_schema.tables WHERE LOWER(table_name) = ?", String.class, table);
		return !tables.isEmpty();
	}

	private static Set<String> keys(RedisConnectionFactory factory, String pattern) {
		try (var connection = factory.getConnection()) {
			Set<byte[]> keys = connection.keyCommands().keys(pattern.getBytes(StandardCharsets.UTF_8));
			return (keys != null) ? keys.stream()
				.map((key) -> new String(key, StandardCharsets.UTF_8))
				.collect(Collectors.toSet()) : Set.of();
		}
	}

	static FailureAnalysis analyze(AssertableApplicationContext context) {
		assertThat(context).hasFailed();
		FailureAnalysis analysis = new BurrConfigurationFailureAnalyzer().analyze(context.getStartupFailure());
		assertThat(analysis).as("analysis of %s", context.getStartupFailure()).isNotNull();
		return analysis;
	}

	@Configuration(proxyBeanMethods = false)
	static class EagerUserConfiguration {

		@Bean
		EagerUser eagerUser(StatePersister persister) {
			return new EagerUser(persister.isInitialized());
		}

	}

	record EagerUser(boolean tableExistedWhenCreated) {
	}

	@Configuration(proxyBeanMethods = false)
	static class UserPersisterConfiguration {

		final InMemoryStatePersister persister = new InMemoryStatePersister();

		@Bean
		StatePersister userPersister() {
			return this.persister;
		}

	}

}
