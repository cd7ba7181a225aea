package dev.burr.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.function.Supplier;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.burr.jdbc.JdbcStatePersister;
import dev.burr.persistence.StatePersister;
import dev.burr.persistence.write.WriteBehindSettings;

/**
 * PostgreSQL or SQLite through one HikariCP pool of 10 connections, shared by ours and raw (they never run at
 * the same time). Ours is {@link JdbcStatePersister} on table {@code burr_state}; raw writes the same JSON into
 * {@code burr_state_raw}, created by the same migration so it has the same columns, JSONB type and indexes,
 * with a plain prepared {@code INSERT} in auto-commit (one commit per row).
 */
final class JdbcBackend implements Backend {

	static final int POOL_SIZE = 10;

	private static final DateTimeFormatter SQLITE_CREATED_AT = DateTimeFormatter
		.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");

	private final String name;

	private final HikariDataSource dataSource;

	private final JdbcStatePersister ours;

	private final String oursTable;

	private final String rawTable;

	private final String stateParameter;

	private final Supplier<Object> createdAt;

	private final Runnable cleanup;

	private JdbcBackend(String name, HikariDataSource dataSource, String oursTable, String rawTable,
			String stateParameter, Supplier<Object> createdAt, Runnable cleanup) {
		this.name = name;
		this.dataSource = dataSource;
		this.oursTable = oursTable;
		this.rawTable = rawTable;
		this.stateParameter = stateParameter;
		this.createdAt = createdAt;
		this.cleanup = cleanup;
		this.ours = JdbcStatePersister.builder(dataSource).tableName(oursTable).build();
		this.ours.initialize();
		JdbcStatePersister.builder(dataSource).tableName(rawTable).build().initialize();
	}

	static JdbcBackend postgres(String url, String runId) {
		HikariDataSource dataSource = pool(url, "burr-bench-postgres");
		String schema = "burrbench_" + runId;
		try {
			execute(dataSource, "CREATE SCHEMA " + schema);
			return new JdbcBackend("postgres", dataSource, schema + ".burr_state", schema + ".burr_state_raw",
					"CAST(? AS JSONB)", () -> LocalDateTime.now(ZoneOffset.UTC), () -> {
						execute(dataSource, "DROP SCHEMA IF EXISTS " + schema + " CASCADE");
					});
		}
		catch (RuntimeException ex) {
			dataSource.close();
			throw ex;
		}
	}

	static JdbcBackend sqlite(String runId) {
		Path file;
		try {
			file = Files.createTempFile("burr-bench-" + runId + "-", ".db");
		}
		catch (java.io.IOException ex) {
			throw new IllegalStateException(ex);
		}
		// WAL and a long busy timeout so that 10 pooled connections can share one file.
		HikariDataSource dataSource = pool("jdbc:sqlite:" + file + "?journal_mode=WAL&busy_timeout=60000",
				"burr-bench-sqlite");
		return new JdbcBackend("sqlite", dataSource, "burr_state", "burr_state_raw", "?",
				() -> SQLITE_CREATED_AT.format(LocalDateTime.now(ZoneOffset.UTC)), () -> {
					for (String suffix : List.of("", "-wal", "-shm", "-journal")) {
						try {
							Files.deleteIfExists(Path.of(file + suffix));
						}
						catch (java.io.IOException ex) {
							System.err.println("# cannot delete " + file + suffix + ": " + ex);
						}
					}
				});
	}

	private static HikariDataSource pool(String url, String poolName) {
		return pool(url, poolName, POOL_SIZE);
	}

	/** A pool of {@code size} connections to {@code url}. */
	static HikariDataSource pool(String url, String poolName, int size) {
		HikariConfig config = new HikariConfig();
		config.setJdbcUrl(url);
		config.setMaximumPoolSize(size);
		config.setMinimumIdle(size);
		config.setPoolName(poolName);
		config.setConnectionTimeout(60_000);
		config.setInitializationFailTimeout(5_000);
		return new HikariDataSource(config);
	}

	/** Runs one statement, failing with the statement in the message. */
	static void execute(HikariDataSource dataSource, String sql) {
		try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
		catch (SQLException ex) {
			throw new IllegalStateException(sql + ": " + ex.getMessage(), ex);
		}
	}

	@Override
	public String name() {
		return this.name;
	}

	@Override
	public StatePersister ours() {
		return this.ours;
	}

	@Override
	public StatePersister durable(int groupCommitLimit, WriteBehindSettings writeBehind) {
		return JdbcStatePersister.builder(this.dataSource)
			.tableName(this.oursTable)
			.groupCommitLimit(groupCommitLimit)
			.writeBehind(writeBehind)
			.build();
	}

	private String insertSql(String table) {
		return "INSERT INTO " + table
				+ " (partition_key, app_id, sequence_id, position, state, status, created_at) VALUES (?, ?, ?, ?, "
				+ this.stateParameter + ", ?, ?)";
	}

	private void bind(PreparedStatement insert, String pk, String appId, long seq, String position, String json)
			throws SQLException {
		insert.setString(1, pk);
		insert.setString(2, appId);
		insert.setLong(3, seq);
		insert.setString(4, position);
		insert.setString(5, json);
		insert.setString(6, "completed");
		insert.setObject(7, this.createdAt.get());
	}

	/**
	 * Raw writes each in an explicit transaction ({@code setAutoCommit(false)}, {@code INSERT}, {@code commit()},
	 * {@code setAutoCommit(true)}) on one held connection: what our persister's transaction template does.
	 */
	RawWriter transactionalRawWriter() {
		String sql = insertSql(this.rawTable);
		try {
			Connection connection = this.dataSource.getConnection();
			PreparedStatement insert = connection.prepareStatement(sql);
			return new RawWriter() {

				@Override
				public void insert(String pk, String appId, long seq, String position, String json)
						throws SQLException {
					connection.setAutoCommit(false);
					try {
						bind(insert, pk, appId, seq, position, json);
						insert.executeUpdate();
						connection.commit();
					}
					finally {
						connection.setAutoCommit(true);
					}
				}

				@Override
				public void close() throws SQLException {
					insert.close();
					connection.close();
				}

			};
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Override
	public RawWriter rawWriter(boolean dedicated) {
		String sql = insertSql(this.rawTable);
		if (!dedicated) {
			return (pk, appId, seq, position, json) -> {
				try (Connection connection = this.dataSource.getConnection();
						PreparedStatement insert = connection.prepareStatement(sql)) {
					bind(insert, pk, appId, seq, position, json);
					insert.executeUpdate();
				}
			};
		}
		try {
			Connection connection = this.dataSource.getConnection();
			PreparedStatement insert = connection.prepareStatement(sql);
			return new RawWriter() {

				@Override
				public void insert(String pk, String appId, long seq, String position, String json)
						throws SQLException {
					bind(insert, pk, appId, seq, position, json);
					insert.executeUpdate();
				}

				@Override
				public void close() throws SQLException {
					insert.close();
					connection.close();
				}

			};
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Override
	public RawReader rawReader() {
		try {
			Connection connection = this.dataSource.getConnection();
			PreparedStatement select = connection.prepareStatement("SELECT position, state, sequence_id, app_id, "
					+ "created_at, status FROM " + this.oursTable
					+ " WHERE partition_key = ? AND app_id = ? ORDER BY sequence_id DESC LIMIT 1");
			return new RawReader() {

				@Override
				public Object loadLatest(String pk, String appId) throws SQLException {
					select.setString(1, pk);
					select.setString(2, appId);
					try (ResultSet rs = select.executeQuery()) {
						if (!rs.next()) {
							throw new IllegalStateException("no step of " + pk + "/" + appId);
						}
						String state = rs.getString(2);
						rs.getString(1);
						rs.getLong(3);
						rs.getString(4);
						rs.getString(5);
						rs.getString(6);
						return state;
					}
				}

				@Override
				public void close() throws SQLException {
					select.close();
					connection.close();
				}

			};
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Override
	public void populate(List<Row> rows) {
		try (Connection connection = this.dataSource.getConnection();
				PreparedStatement insert = connection.prepareStatement(insertSql(this.oursTable))) {
			connection.setAutoCommit(false);
			int pending = 0;
			for (Row row : rows) {
				bind(insert, row.partitionKey(), row.appId(), row.sequenceId(), row.position(), row.json());
				insert.addBatch();
				if (++pending == 500) {
					insert.executeBatch();
					connection.commit();
					pending = 0;
				}
			}
			insert.executeBatch();
			connection.commit();
			connection.setAutoCommit(true);
			if (this.name.equals("postgres")) {
				try (Statement statement = connection.createStatement()) {
					statement.execute("ANALYZE " + this.oursTable);
				}
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Cannot populate " + this.oursTable + ": " + ex.getMessage(), ex);
		}
	}

	/** The state column of an app's rows, ours or raw, by sequence id: to check both store the same bytes. */
	List<String> storedStates(boolean raw, String appId) {
		List<String> states = new java.util.ArrayList<>();
		try (Connection connection = this.dataSource.getConnection();
				PreparedStatement select = connection.prepareStatement("SELECT state FROM "
						+ (raw ? this.rawTable : this.oursTable) + " WHERE app_id = ? ORDER BY sequence_id")) {
			select.setString(1, appId);
			try (ResultSet rs = select.executeQuery()) {
				while (rs.next()) {
					states.add(rs.getString(1));
				}
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
		return states;
	}

	@Override
	public String rawDescription() {
		return "plain PreparedStatement INSERT of the same JSON into an identical table, auto-commit"
				+ ("postgres".equals(this.name) ? " (CAST(? AS JSONB))" : "");
	}

	@Override
	public void close() {
		try {
			this.cleanup.run();
		}
		finally {
			this.dataSource.close();
		}
	}

}
