package dev.burr.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import dev.burr.core.Application;
import dev.burr.jdbc.JdbcStatePersister;
import dev.burr.persistence.Durability;
import dev.burr.jdbc.test.TestDatabase;
import dev.burr.jdbc.test.TestDatabases;
import dev.burr.persistence.PersistedState;
import dev.burr.persistence.StateLayout;
import dev.burr.persistence.StateStore;
import dev.burr.persistence.Status;
import dev.burr.persistence.write.WriteBehindSettings;
import dev.burr.redis.RedisStatePersister;
import dev.burr.redis.test.TestRedis;
import dev.burr.tracking.LocalTrackingClient;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * The four backends of the fault suite, opened the same way in the test JVM and in child JVMs from one
 * {@link Config} (passed to children as {@code -D} options).
 */
final class Stores {

	/** Every backend; {@code -delta} ones store in the delta layout, each in a table or namespace of its own. */
	static final List<String> ALL = List.of("postgres", "sqlite", "redis", "postgres-delta", "sqlite-delta",
			"redis-delta", "tracker");

	private static final String PREFIX = "burr.reliability.";

	/**
	 * Chains of the delta layout are this short here, so that a kill lands between a snapshot and the deltas
	 * after it many times in one run.
	 */
	private static final int SNAPSHOT_EVERY = 4;

	private Stores() {
	}

	/** Where each backend keeps this run's data. */
	record Config(Map<String, String> values) {

		/** A configuration with fresh table names, namespace and directories for one scenario. */
		static Config fresh(Path workDir, String label) {
			TestDatabase postgres = TestDatabases.postgres();
			URI redis = TestRedis.uri();
			Map<String, String> values = new LinkedHashMap<>();
			values.put("pg.url", postgres.jdbcUrl());
			if (postgres.username() != null) {
				values.put("pg.user", postgres.username());
			}
			if (postgres.password() != null) {
				values.put("pg.password", postgres.password());
			}
			values.put("pg.table", TestDatabases.uniqueTableName("rel_" + label));
			values.put("sqlite.file", workDir.resolve(label + ".db").toAbsolutePath().toString());
			values.put("sqlite.table", TestDatabases.uniqueTableName("rel_" + label));
			values.put("redis.host", redis.getHost());
			values.put("redis.port", Integer.toString(redis.getPort()));
			values.put("redis.ns", TestRedis.uniqueNamespace() + "-" + label);
			values.put("tracker.dir", workDir.resolve("tracker").toAbsolutePath().toString());
			values.put("tracker.project", "reliability_" + label);
			return new Config(Map.copyOf(values));
		}

		static Config fromSystemProperties() {
			Map<String, String> values = new LinkedHashMap<>();
			System.getProperties().stringPropertyNames().stream().filter(name -> name.startsWith(PREFIX))
				.forEach(name -> values.put(name.substring(PREFIX.length()), System.getProperty(name)));
			return new Config(Map.copyOf(values));
		}

		List<String> jvmOptions() {
			List<String> options = new ArrayList<>();
			this.values.forEach((key, value) -> options.add("-D" + PREFIX + key + "=" + value));
			return options;
		}

		String get(String key) {
			String value = this.values.get(key);
			if (value == null) {
				throw new IllegalStateException("No " + PREFIX + key);
			}
			return value;
		}

		/** This configuration with {@code key} set to {@code value}. */
		Config with(String key, String value) {
			Map<String, String> copy = new LinkedHashMap<>(this.values);
			copy.put(key, value);
			return new Config(Map.copyOf(copy));
		}

		/**
		 * How the applications built on these stores save: {@code durability} ({@code SYNC} unless set). With
		 * {@code ASYNC}, the persisters queue in a write-behind queue of {@code wb.capacity} steps that blocks
		 * ({@code wb.whenFull}, {@code BLOCK} unless set) for up to {@code wb.timeoutMs} when full.
		 */
		Durability durability() {
			return Durability.valueOf(this.values.getOrDefault("durability", "SYNC"));
		}

		WriteBehindSettings writeBehind() {
			WriteBehindSettings settings = WriteBehindSettings.defaults();
			if (this.values.containsKey("wb.capacity")) {
				settings = settings.withCapacity(Integer.parseInt(this.values.get("wb.capacity")));
			}
			if (this.values.containsKey("wb.whenFull")) {
				settings = settings.withWhenFull(WriteBehindSettings.WhenFull.valueOf(this.values.get("wb.whenFull")));
			}
			if (this.values.containsKey("wb.timeoutMs")) {
				settings = settings.withTimeout(Duration.ofMillis(Long.parseLong(this.values.get("wb.timeoutMs"))));
			}
			if (this.values.containsKey("wb.maxBatch")) {
				settings = settings.withMaxBatch(Integer.parseInt(this.values.get("wb.maxBatch")));
			}
			return settings;
		}

	}

	/** One step as stored, reduced to what the invariants look at. */
	record StoredStep(long sequenceId, String position, Object counter, Object writer, boolean failed) {
	}

	/** A backend: builds the counter application on it and reads back what it stored. */
	abstract static class Store implements AutoCloseable {

		final String name;

		Store(String name) {
			this.name = name;
		}

		/** Builds or rebuilds {@code appId}, resuming at the action after the last stored step. */
		abstract Application resume(String appId, String writer, Random random, int maxSleepMillis);

		/** Every stored step of {@code appId}, in storage order (ascending sequence id where the store sorts). */
		abstract List<StoredStep> steps(String appId);

		@Override
		public void close() {
		}

	}

	static Store open(String name, Config config) {
		return switch (name) {
			case "postgres" -> postgres(config, StateLayout.BURR);
			case "sqlite" -> sqlite(config, StateLayout.BURR);
			case "redis" -> redis(config, StateLayout.BURR);
			case "postgres-delta" -> postgres(config, StateLayout.DELTA);
			case "sqlite-delta" -> sqlite(config, StateLayout.DELTA);
			case "redis-delta" -> redis(config, StateLayout.DELTA);
			case "tracker" -> tracker(config);
			default -> throw new IllegalArgumentException(name);
		};
	}

	/** Creates the JDBC tables (the children never migrate). */
	static void initialize(Config config) {
		for (StateLayout layout : StateLayout.values()) {
			try (Store pg = postgres(config, layout); Store lite = sqlite(config, layout)) {
				((PersisterStore) pg).persister.initialize();
				((PersisterStore) lite).persister.initialize();
			}
		}
	}

	/** Drops this configuration's PostgreSQL table (and its migration history) and deletes its Redis keys. */
	static void cleanUp(Config config) {
		try (Store pg = postgres(config, StateLayout.BURR)) {
			org.springframework.jdbc.core.JdbcTemplate jdbc = new org.springframework.jdbc.core.JdbcTemplate(
					((PersisterStore) pg).dataSource);
			for (StateLayout layout : StateLayout.values()) {
				String table = table(config, "pg.table", layout);
				jdbc.execute("DROP TABLE IF EXISTS " + table);
				jdbc.execute("DROP TABLE IF EXISTS " + table + "_schema_history");
			}
		}
		TestRedis.deleteKeysStartingWith(config.get("redis.ns") + ":");
	}

	/** The layout's table: the configured name, with {@code _delta} appended for the delta layout. */
	private static String table(Config config, String key, StateLayout layout) {
		return config.get(key) + ((layout == StateLayout.DELTA) ? "_delta" : "");
	}

	private static String name(String backend, StateLayout layout) {
		return (layout == StateLayout.DELTA) ? backend + "-delta" : backend;
	}

	static Store postgres(Config config, StateLayout layout) {
		SingleConnectionDataSource dataSource = new SingleConnectionDataSource(config.get("pg.url"), true);
		if (config.values().containsKey("pg.user")) {
			dataSource.setUsername(config.get("pg.user"));
		}
		if (config.values().containsKey("pg.password")) {
			dataSource.setPassword(config.get("pg.password"));
		}
		JdbcStatePersister persister = JdbcStatePersister.builder(dataSource)
			.layout(layout)
			.snapshotEvery(SNAPSHOT_EVERY)
			.tableName(table(config, "pg.table", layout))
			.writeBehind(config.writeBehind())
			.build();
		PersisterStore store = new PersisterStore(name("postgres", layout), persister, config.durability(),
				dataSource::destroy);
		store.dataSource = dataSource;
		return store;
	}

	static Store sqlite(Config config, StateLayout layout) {
		JdbcStatePersister persister = JdbcStatePersister.builder(TestDatabases.sqlite(Path.of(config.get("sqlite.file"))))
			.layout(layout)
			.snapshotEvery(SNAPSHOT_EVERY)
			.tableName(table(config, "sqlite.table", layout))
			.writeBehind(config.writeBehind())
			.build();
		return new PersisterStore(name("sqlite", layout), persister, config.durability(), () -> {
		});
	}

	static Store redis(Config config, StateLayout layout) {
		LettuceConnectionFactory factory = TestRedis.newConnectionFactory(config.get("redis.host"),
				Integer.parseInt(config.get("redis.port")), 0, Duration.ofSeconds(5));
		RedisStatePersister persister = RedisStatePersister.builder(factory)
			.namespace(config.get("redis.ns"))
			.layout(layout)
			.snapshotEvery(SNAPSHOT_EVERY)
			.writeBehind(config.writeBehind())
			.build();
		return new PersisterStore(name("redis", layout), persister, config.durability(), factory::destroy);
	}

	static Store tracker(Config config) {
		return new TrackerStore(Path.of(config.get("tracker.dir")), config.get("tracker.project"));
	}

	/**
	 * A {@link StateStore} used as saver and loader; its applications save with the configuration's
	 * {@link Durability}.
	 */
	static final class PersisterStore extends Store {

		final StateStore persister;

		final Durability durability;

		private final Runnable closer;

		javax.sql.DataSource dataSource;

		PersisterStore(String name, StateStore persister, Durability durability, Runnable closer) {
			super(name);
			this.persister = persister;
			this.durability = durability;
			this.closer = closer;
		}

		@Override
		Application resume(String appId, String writer, Random random, int maxSleepMillis) {
			return CounterApp.resume(this.persister, CounterApp.PARTITION, appId, writer, random, maxSleepMillis,
					this.durability);
		}

		/**
		 * Closes the persister: drains its write-behind queue, if one was made, within the queue's timeout.
		 * @throws dev.burr.persistence.BurrPersistenceException when queued steps were not stored in time
		 */
		void drain() {
			if (this.persister instanceof JdbcStatePersister jdbc) {
				jdbc.close();
			}
			else if (this.persister instanceof RedisStatePersister redis) {
				redis.close();
			}
		}

		@Override
		List<StoredStep> steps(String appId) {
			List<StoredStep> steps = new ArrayList<>();
			for (PersistedState step : this.persister.history(CounterApp.PARTITION, appId)) {
				steps.add(new StoredStep(step.sequenceId(), step.position(), step.state().get("counter"),
						step.state().get("writer"), step.status() == Status.FAILED));
			}
			return steps;
		}

		@Override
		public void close() {
			this.closer.run();
		}

	}

	/** The local tracker, used as tracker and as loader; its stored steps are the {@code end_entry} lines. */
	static final class TrackerStore extends Store {

		private static final JsonMapper MAPPER = JsonMapper.builder().build();

		final LocalTrackingClient client;

		TrackerStore(Path dir, String project) {
			super("tracker");
			this.client = new LocalTrackingClient(project, dir);
		}

		@Override
		Application resume(String appId, String writer, Random random, int maxSleepMillis) {
			return CounterApp.resumeTracked(this.client, appId, writer, random, maxSleepMillis);
		}

		/** The number of lines of the log that do not parse (torn by a kill). */
		int tornLines(String appId) {
			int torn = 0;
			for (String line : lines(appId)) {
				try {
					MAPPER.readValue(line, Map.class);
				}
				catch (JacksonException ex) {
					torn++;
				}
			}
			return torn;
		}

		@Override
		List<StoredStep> steps(String appId) {
			List<StoredStep> steps = new ArrayList<>();
			for (String line : lines(appId)) {
				Map<?, ?> record;
				try {
					record = MAPPER.readValue(line, Map.class);
				}
				catch (JacksonException ex) {
					continue;
				}
				if ("end_entry".equals(record.get("type"))) {
					Map<?, ?> state = (Map<?, ?>) record.get("state");
					steps.add(new StoredStep(((Number) record.get("sequence_id")).longValue(),
							(String) record.get("action"), state.get("counter"), state.get("writer"),
							record.get("exception") != null));
				}
			}
			return steps;
		}

		private List<String> lines(String appId) {
			Path log = this.client.appDirectory(appId).resolve("log.jsonl");
			try {
				String text = new String(Files.readAllBytes(log), StandardCharsets.UTF_8);
				List<String> lines = new ArrayList<>();
				for (String line : text.split("\n")) {
					if (!line.isBlank()) {
						lines.add(line);
					}
				}
				return lines;
			}
			catch (NoSuchFileException ex) {
				return List.of();
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

	}

}
