package dev.burr.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import com.zaxxer.hikari.HikariDataSource;
import dev.burr.jdbc.JdbcStatePersister;
import dev.burr.persistence.StateLayout;
import dev.burr.persistence.StateStore;
import dev.burr.redis.RedisStatePersister;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.IntegerOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * Storage of its own for one layout on one backend, for case 6: our persister in that layout, and what the
 * storage occupies as the backend itself reports it. PostgreSQL: a schema of its own,
 * {@code pg_total_relation_size} of the table (with TOAST and indexes). SQLite: a file of its own, its size after
 * {@code PRAGMA wal_checkpoint(TRUNCATE)}. Redis: a namespace of its own, {@code MEMORY USAGE ... SAMPLES 0}
 * summed over its keys. Everything is removed by {@link #close()}.
 */
interface LayoutStorage extends AutoCloseable {

	StateStore persister();

	/** Bytes the layout's steps occupy now. */
	long storedBytes();

	@Override
	void close();

	static LayoutStorage open(String backend, StateLayout layout, String runId) {
		String label = runId + "_" + layout.name().toLowerCase();
		return switch (backend) {
			case "postgres" -> new Postgres(BurrBenchmarks.env("BURR_TEST_POSTGRES_URL",
					BurrBenchmarks.DEFAULT_POSTGRES_URL), layout, "burrbench_layout_" + label);
			case "sqlite" -> new Sqlite(layout, label);
			case "redis" -> new Redis(BurrBenchmarks.env("BURR_TEST_REDIS_URL", BurrBenchmarks.DEFAULT_REDIS_URL),
					layout, "burrbench-layout-" + label);
			default -> throw new IllegalArgumentException("case 6 does not run on " + backend);
		};
	}

	private static long query(HikariDataSource dataSource, String sql) {
		try (Connection connection = dataSource.getConnection();
				Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery(sql)) {
			result.next();
			return result.getLong(1);
		}
		catch (SQLException ex) {
			throw new IllegalStateException(sql + ": " + ex.getMessage(), ex);
		}
	}

	/** A PostgreSQL schema holding one layout's table. */
	final class Postgres implements LayoutStorage {

		private final HikariDataSource dataSource;

		private final String schema;

		private final String table;

		private final JdbcStatePersister persister;

		Postgres(String url, StateLayout layout, String schema) {
			this.dataSource = JdbcBackend.pool(url, "burr-bench-layout-postgres", 2);
			this.schema = schema;
			this.table = schema + "." + ((layout == StateLayout.DELTA) ? "burr_state_delta" : "burr_state");
			JdbcBackend.execute(this.dataSource, "CREATE SCHEMA " + schema);
			this.persister = JdbcStatePersister.builder(this.dataSource).layout(layout).tableName(this.table).build();
			this.persister.initialize();
		}

		@Override
		public StateStore persister() {
			return this.persister;
		}

		@Override
		public long storedBytes() {
			return query(this.dataSource, "SELECT pg_total_relation_size('" + this.table + "')");
		}

		@Override
		public void close() {
			try {
				JdbcBackend.execute(this.dataSource, "DROP SCHEMA IF EXISTS " + this.schema + " CASCADE");
			}
			finally {
				this.dataSource.close();
			}
		}

	}

	/** A SQLite file holding one layout's table. */
	final class Sqlite implements LayoutStorage {

		private final Path file;

		private final HikariDataSource dataSource;

		private final JdbcStatePersister persister;

		Sqlite(StateLayout layout, String label) {
			try {
				this.file = Files.createTempFile("burr-bench-layout-" + label + "-", ".db");
			}
			catch (IOException ex) {
				throw new IllegalStateException(ex);
			}
			this.dataSource = JdbcBackend.pool("jdbc:sqlite:" + this.file + "?journal_mode=WAL&busy_timeout=60000",
					"burr-bench-layout-sqlite", 2);
			this.persister = JdbcStatePersister.builder(this.dataSource).layout(layout).build();
			this.persister.initialize();
		}

		@Override
		public StateStore persister() {
			return this.persister;
		}

		@Override
		public long storedBytes() {
			query(this.dataSource, "PRAGMA wal_checkpoint(TRUNCATE)");
			long bytes = 0;
			for (String suffix : List.of("", "-wal")) {
				try {
					Path path = Path.of(this.file + suffix);
					bytes += Files.exists(path) ? Files.size(path) : 0;
				}
				catch (IOException ex) {
					throw new IllegalStateException(ex);
				}
			}
			return bytes;
		}

		@Override
		public void close() {
			this.dataSource.close();
			for (String suffix : List.of("", "-wal", "-shm", "-journal")) {
				try {
					Files.deleteIfExists(Path.of(this.file + suffix));
				}
				catch (IOException ex) {
					System.err.println("# cannot delete " + this.file + suffix + ": " + ex);
				}
			}
		}

	}

	/** A Redis namespace holding one layout's keys. */
	final class Redis implements LayoutStorage {

		private final String namespace;

		private final RedisClient client;

		private final StatefulRedisConnection<String, String> connection;

		private final LettuceConnectionFactory factory;

		private final RedisStatePersister persister;

		Redis(String url, StateLayout layout, String namespace) {
			RedisURI uri = RedisURI.create(url);
			this.namespace = namespace;
			this.client = RedisClient.create(uri);
			this.connection = this.client.connect();
			this.factory = RedisBackend.connectionFactory(uri);
			this.persister = RedisStatePersister.builder(this.factory).namespace(namespace).layout(layout).build();
		}

		@Override
		public StateStore persister() {
			return this.persister;
		}

		@Override
		public long storedBytes() {
			RedisCommands<String, String> redis = this.connection.sync();
			long[] bytes = { 0 };
			RedisBackend.forEachKeyPage(redis, this.namespace + ":*", (keys) -> {
				for (String key : keys) {
					Long usage = redis.dispatch(CommandType.MEMORY, new IntegerOutput<>(StringCodec.UTF8),
							new CommandArgs<>(StringCodec.UTF8).add("USAGE").addKey(key).add("SAMPLES").add(0));
					bytes[0] += (usage != null) ? usage : 0;
				}
			});
			return bytes[0];
		}

		@Override
		public void close() {
			try {
				RedisCommands<String, String> redis = this.connection.sync();
				RedisBackend.forEachKeyPage(redis, this.namespace + ":*",
						(keys) -> redis.unlink(keys.toArray(new String[0])));
			}
			finally {
				this.factory.destroy();
				this.connection.close();
				this.client.shutdown();
			}
		}

	}

}
