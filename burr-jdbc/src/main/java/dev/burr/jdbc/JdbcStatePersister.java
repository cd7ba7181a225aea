package dev.burr.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

import javax.sql.DataSource;

import dev.burr.core.State;
import dev.burr.persistence.AppSummary;
import dev.burr.persistence.BurrPersistenceException;
import dev.burr.persistence.PartitionKeys;
import dev.burr.persistence.PersistedState;
import dev.burr.persistence.StateConflictException;
import dev.burr.persistence.StateStore;
import dev.burr.persistence.Status;
import dev.burr.persistence.StoreArguments;
import dev.burr.serde.StateSerde;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.support.SQLExceptionSubclassTranslator;
import org.springframework.transaction.TransactionException;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Stores application state in Burr's table on PostgreSQL ({@code state} JSONB), SQLite, H2 or MySQL/MariaDB,
 * through a {@link DataSource} it is given. The database is detected from the connection on first use.
 * <p>
 * Compared with Burr's persisters: a unique index on {@code (partition_key, app_id, sequence_id)} refuses a
 * second writer of a step with {@link StateConflictException}; a {@code null} partition key is {@code ""}
 * everywhere; latest means highest sequence id; {@code created_at} is written from the application clock in UTC.
 * Each save is one insert in one short transaction of its own, committed even on a pool that does not
 * auto-commit; inside a Spring-managed transaction on the same {@code DataSource} it joins that transaction.
 * <p>
 * Ids (partition key, app id, position) are stored verbatim up to {@value #MAX_ID_LENGTH} characters on every
 * database; longer ones are refused before any SQL runs. Every statement has a query timeout (10 seconds unless
 * set); how long getting a connection from an unreachable database may take is the pool's connection timeout,
 * so a failing save or load returns within about connection timeout plus query timeout.
 */
public final class JdbcStatePersister implements StateStore {

	/** Longest partition key, app id or position stored, in characters. */
	public static final int MAX_ID_LENGTH = 255;

	private static final int SAVE_ATTEMPTS = 3;

	private final JdbcTemplate jdbcTemplate;

	private final JdbcClient jdbc;

	private final TransactionTemplate transaction;

	private final TableName tableName;

	private final StateSerde serde;

	private final Clock clock;

	private final int batchSize;

	private final SchemaMigrator migrator;

	private volatile @Nullable Detected detected;

	private volatile boolean initializedSeen;

	private JdbcStatePersister(Builder builder) {
		this.jdbcTemplate = new JdbcTemplate(builder.dataSource);
		this.jdbcTemplate.setExceptionTranslator(new SQLExceptionSubclassTranslator());
		long seconds = (builder.queryTimeout.toMillis() + 999) / 1000;
		this.jdbcTemplate.setQueryTimeout((int) Math.min(Integer.MAX_VALUE, Math.max(1, seconds)));
		this.jdbc = JdbcClient.create(this.jdbcTemplate);
		this.transaction = new TransactionTemplate(new DataSourceTransactionManager(builder.dataSource));
		this.tableName = builder.tableName;
		this.serde = builder.serde;
		this.clock = builder.clock;
		this.batchSize = builder.batchSize;
		this.migrator = new SchemaMigrator(builder.dataSource, builder.tableName, builder.classLoader);
	}

	/** A builder for a persister over {@code dataSource}; the table is {@code burr_state} unless set. */
	public static Builder builder(DataSource dataSource) {
		return new Builder(dataSource);
	}

	/** The table name as configured, schema-qualified when it was given so. */
	public String getTableName() {
		return this.tableName.qualified();
	}

	/** Creates the table or migrates it, adopting a table Burr created, with a private Flyway instance. */
	@Override
	public void initialize() {
		Detected current = run(() -> "Cannot initialize Burr table '" + this.tableName + "'", this::detected);
		this.migrator.migrate(current.dialect);
	}

	@Override
	public boolean isInitialized() {
		if (this.initializedSeen) {
			return true;
		}
		boolean initialized = run(() -> "Cannot check whether Burr table '" + this.tableName + "' exists", () -> {
			JdbcDialect dialect = detected().dialect;
			String schema = this.tableName.schema();
			JdbcClient.StatementSpec spec = this.jdbc.sql(dialect.indexCountSql(schema != null));
			if (schema != null) {
				spec = spec.param(dialect.foldCase(schema));
			}
			Long count = spec.param(dialect.foldCase(this.tableName.name()))
				.param(dialect.foldCase(this.tableName.stepIndexName()))
				.query(Long.class)
				.single();
			return count != null && count > 0;
		});
		this.initializedSeen = initialized;
		return initialized;
	}

	@Override
	public void save(@Nullable String partitionKey, String appId, long sequenceId, String position, State state,
			Status status) {
		String pk = checkId("partitionKey", PartitionKeys.normalize(partitionKey));
		checkId("appId", StoreArguments.checkAppId(appId));
		checkId("position", Objects.requireNonNull(position, "position must not be null"));
		Objects.requireNonNull(status, "status must not be null");
		byte[] json = this.serde.toJsonBytes(Objects.requireNonNull(state, "state must not be null"));
		Supplier<String> what = () -> "Cannot save step " + sequenceId + " of app '" + appId + "' (partition key '"
				+ pk + "') in table '" + this.tableName + "'";
		Detected current = run(what, this::detected);
		String unstorable = current.dialect.unstorableReason(json);
		if (unstorable != null) {
			throw new BurrPersistenceException(what.get() + ": " + unstorable);
		}
		Object createdAt = current.dialect.createdAtParameter(this.clock.instant());
		for (int attempt = 1;; attempt++) {
			try {
				Runnable insert = () -> this.jdbc.sql(current.statements.insert)
					.params(pk, appId, sequenceId, position, current.dialect.stateValue(json), status.storedValue(),
							createdAt)
					.update();
				if (current.autoCommit && !TransactionSynchronizationManager.isActualTransactionActive()) {
					insert.run();
				}
				else {
					this.transaction.executeWithoutResult((tx) -> insert.run());
				}
				return;
			}
			catch (DataAccessException | TransactionException ex) {
				SQLException sqlException = SqlErrors.sqlException(ex);
				if (sqlException != null && current.dialect.isDuplicateKey(sqlException)) {
					throw new StateConflictException(pk, appId, sequenceId, ex);
				}
				if (sqlException == null || !current.dialect.isTransient(sqlException) || attempt == SAVE_ATTEMPTS) {
					throw new BurrPersistenceException(what.get() + ": " + SqlErrors.rootMessage(ex), ex);
				}
			}
		}
	}

	@Override
	public Optional<PersistedState> load(@Nullable String partitionKey, String appId, @Nullable Long sequenceId) {
		String pk = PartitionKeys.normalize(partitionKey);
		StoreArguments.checkAppId(appId);
		return run(() -> "Cannot load " + ((sequenceId != null) ? "step " + sequenceId : "the latest step")
				+ " of app '" + appId + "' (partition key '" + pk + "') from table '" + this.tableName + "'", () -> {
					Detected current = detected();
					StepRowMapper mapper = mapper(current, pk);
					if (sequenceId == null) {
						return this.jdbc.sql(current.statements.loadLatest).params(pk, appId).query(mapper).optional();
					}
					return this.jdbc.sql(current.statements.loadExact)
						.params(pk, appId, sequenceId)
						.query(mapper)
						.optional();
				});
	}

	@Override
	public List<String> listAppIds(@Nullable String partitionKey) {
		String pk = PartitionKeys.normalize(partitionKey);
		return run(() -> "Cannot list the apps of partition key '" + pk + "' in table '" + this.tableName + "'",
				() -> this.jdbc.sql(detected().statements.listAppIds).param(pk).query(String.class).list());
	}

	@Override
	public List<AppSummary> listApps(@Nullable String partitionKey, int offset, int limit) {
		StoreArguments.checkPage(offset, limit);
		String pk = PartitionKeys.normalize(partitionKey);
		return run(() -> "Cannot list the apps of partition key '" + pk + "' in table '" + this.tableName + "'",
				() -> {
					Detected current = detected();
					return this.jdbc.sql(current.statements.listApps)
						.params(pk, limit, offset)
						.query((rs, rowNum) -> {
							Instant lastWrittenAt = current.dialect.readCreatedAt(rs, "last_written_at");
							return new AppSummary(pk, rs.getString("app_id"), rs.getLong("latest_sequence_id"),
									(lastWrittenAt != null) ? lastWrittenAt : Instant.EPOCH);
						})
						.list();
				});
	}

	@Override
	public List<PersistedState> history(@Nullable String partitionKey, String appId) {
		String pk = PartitionKeys.normalize(partitionKey);
		StoreArguments.checkAppId(appId);
		return run(() -> "Cannot read the history of app '" + appId + "' (partition key '" + pk + "') from table '"
				+ this.tableName + "'", () -> {
					Detected current = detected();
					return this.jdbc.sql(current.statements.history).params(pk, appId).query(mapper(current, pk)).list();
				});
	}

	@Override
	public int deleteApp(@Nullable String partitionKey, String appId) {
		String pk = PartitionKeys.normalize(partitionKey);
		StoreArguments.checkAppId(appId);
		return run(() -> deleteMessage("delete app", pk, appId),
				() -> deleteInBatches(pk, appId, (current) -> this.jdbc.sql(current.statements.batchUpTo)
					.params(pk, appId, Long.MAX_VALUE, this.batchSize)));
	}

	@Override
	public int pruneKeepLast(@Nullable String partitionKey, String appId, int keepLast) {
		StoreArguments.checkKeepLast(keepLast);
		String pk = PartitionKeys.normalize(partitionKey);
		StoreArguments.checkAppId(appId);
		return run(() -> deleteMessage("prune", pk, appId), () -> {
			Optional<Long> newestToDelete = this.jdbc.sql(detected().statements.sequenceIdKeptLast)
				.params(pk, appId, keepLast)
				.query(Long.class)
				.optional();
			if (newestToDelete.isEmpty()) {
				return 0;
			}
			return deleteInBatches(pk, appId, (current) -> this.jdbc.sql(current.statements.batchUpTo)
				.params(pk, appId, newestToDelete.get(), this.batchSize));
		});
	}

	@Override
	public int pruneOlderThan(@Nullable String partitionKey, String appId, Instant cutoff) {
		Objects.requireNonNull(cutoff, "cutoff must not be null");
		String pk = PartitionKeys.normalize(partitionKey);
		StoreArguments.checkAppId(appId);
		return run(() -> deleteMessage("prune", pk, appId), () -> {
			Detected current = detected();
			Long latest = this.jdbc.sql(current.statements.latestSequenceId).params(pk, appId).query(Long.class).single();
			if (latest == null) {
				return 0;
			}
			Object cutoffParameter = current.dialect.createdAtParameter(cutoff);
			return deleteInBatches(pk, appId, (c) -> this.jdbc.sql(c.statements.batchOlderThan)
				.params(pk, appId, latest, cutoffParameter, this.batchSize));
		});
	}

	private int deleteInBatches(String pk, String appId,
			Function<Detected, JdbcClient.StatementSpec> nextBatch) {
		Detected current = detected();
		int deleted = 0;
		while (true) {
			List<Long> batch = nextBatch.apply(current).query(Long.class).list();
			if (batch.isEmpty()) {
				return deleted;
			}
			Integer count = this.transaction.execute((tx) -> this.jdbc.sql(current.statements.deleteBatch)
				.param("partitionKey", pk)
				.param("appId", appId)
				.param("sequenceIds", batch)
				.update());
			if (count == null) {
				return deleted;
			}
			if (count == 0) {
				return deleted;
			}
			deleted += count;
		}
	}

	private String deleteMessage(String action, String pk, String appId) {
		return "Cannot " + action + " '" + appId + "' (partition key '" + pk + "') in table '" + this.tableName + "'";
	}

	private StepRowMapper mapper(Detected current, String pk) {
		return new StepRowMapper(this.tableName, current.dialect, this.serde, pk);
	}

	private Detected detected() {
		Detected current = this.detected;
		if (current == null) {
			Connected connected = this.jdbcTemplate.execute((Connection connection) -> new Connected(
					connection.getMetaData().getDatabaseProductName(), connection.getAutoCommit()));
			JdbcDialect dialect = JdbcDialects.forProduct(String.valueOf(connected.productName()), this.tableName);
			current = new Detected(dialect, new StepStatements(this.tableName, dialect), connected.autoCommit());
			this.detected = current;
		}
		return current;
	}

	private <T> T run(Supplier<String> what, Supplier<T> operation) {
		try {
			return operation.get();
		}
		catch (DataAccessException | TransactionException ex) {
			throw new BurrPersistenceException(what.get() + ": " + SqlErrors.rootMessage(ex), ex);
		}
	}

	private static String checkId(String name, String value) {
		if (value.length() > MAX_ID_LENGTH) {
			throw new IllegalArgumentException(name + " must be at most " + MAX_ID_LENGTH + " characters, but has "
					+ value.length() + " (starting '" + value.substring(0, 20) + "...')");
		}
		if (value.indexOf('\u0000') >= 0) {
			throw new IllegalArgumentException(name + " must not contain the character U+0000 (NUL)");
		}
		return value;
	}

	/**
	 * What the first connection told: the dialect, and whether the pool's connections commit each statement (then
	 * a save is one INSERT, with no separate COMMIT round trip).
	 */
	private record Detected(JdbcDialect dialect, StepStatements statements, boolean autoCommit) {
	}

	private record Connected(@Nullable String productName, boolean autoCommit) {
	}

	/** Configures a {@link JdbcStatePersister}. */
	public static final class Builder {

		private final DataSource dataSource;

		private TableName tableName = TableName.parse("burr_state");

		private StateSerde serde = StateSerde.defaults();

		private Duration queryTimeout = Duration.ofSeconds(10);

		private int batchSize = 1000;

		private Clock clock = Clock.systemUTC();

		private ClassLoader classLoader = JdbcStatePersister.class.getClassLoader();

		private Builder(DataSource dataSource) {
			this.dataSource = Objects.requireNonNull(dataSource, "dataSource must not be null");
		}

		/**
		 * The table, {@code burr_state} by default: an SQL identifier, optionally schema-qualified.
		 * @throws IllegalArgumentException when it is not one (quotes, spaces, semicolons...)
		 */
		public Builder tableName(String tableName) {
			this.tableName = TableName.parse(tableName);
			return this;
		}

		/** How state is turned into JSON and back; {@link StateSerde#defaults()} by default. */
		public Builder serde(StateSerde serde) {
			this.serde = Objects.requireNonNull(serde, "serde must not be null");
			return this;
		}

		/** Longest time one statement may run, rounded up to whole seconds; 10 seconds by default. */
		public Builder queryTimeout(Duration queryTimeout) {
			if (queryTimeout.isNegative() || queryTimeout.isZero()) {
				throw new IllegalArgumentException("queryTimeout must be positive, but was " + queryTimeout);
			}
			this.queryTimeout = queryTimeout;
			return this;
		}

		/** Most steps deleted by one statement when deleting or pruning; 1000 by default. */
		public Builder batchSize(int batchSize) {
			if (batchSize < 1) {
				throw new IllegalArgumentException("batchSize must be 1 or more, but was " + batchSize);
			}
			this.batchSize = batchSize;
			return this;
		}

		/** The clock {@code created_at} is taken from; the system clock in UTC by default. */
		public Builder clock(Clock clock) {
			this.clock = Objects.requireNonNull(clock, "clock must not be null");
			return this;
		}

		/** The class loader Flyway finds the migrations with. */
		public Builder classLoader(ClassLoader classLoader) {
			this.classLoader = Objects.requireNonNull(classLoader, "classLoader must not be null");
			return this;
		}

		/** A persister; it connects on first use, not here. */
		public JdbcStatePersister build() {
			return new JdbcStatePersister(this);
		}

	}

}
