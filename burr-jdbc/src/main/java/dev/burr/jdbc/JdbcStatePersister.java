package dev.burr.jdbc;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

import javax.sql.DataSource;

import dev.burr.core.State;
import dev.burr.persistence.AppSummary;
import dev.burr.persistence.BatchOutcomes;
import dev.burr.persistence.BurrPersistenceException;
import dev.burr.persistence.Durability;
import dev.burr.persistence.PartitionKeys;
import dev.burr.persistence.PersistedState;
import dev.burr.persistence.StateChange;
import dev.burr.persistence.StateConflictException;
import dev.burr.persistence.StateLayout;
import dev.burr.persistence.StateSaver;
import dev.burr.persistence.StateStore;
import dev.burr.persistence.Status;
import dev.burr.persistence.StepSave;
import dev.burr.persistence.StoreArguments;
import dev.burr.persistence.delta.DeltaPlanner;
import dev.burr.persistence.write.GroupCommit;
import dev.burr.persistence.write.QueueOnFirstUse;
import dev.burr.persistence.write.WriteBehind;
import dev.burr.persistence.write.WriteBehindSettings;
import dev.burr.serde.StateSerde;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DataAccessException;
import org.springframework.transaction.TransactionException;
import org.springframework.transaction.support.TransactionSynchronizationManager;

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
 * <b>Group commit.</b> Saves of different apps that arrive while a commit is running share the next one: one
 * transaction of up to {@link Builder#groupCommitLimit} inserts ({@link GroupCommit}). Each caller returns once
 * its own row is committed, and a conflict fails only its caller. A save that finds no commit running is
 * committed at once, alone. {@link Durability#ASYNC} applications queue their saves in {@link #writeBehind()}.
 * <p>
 * Ids (partition key, app id, position) are stored verbatim up to {@value #MAX_ID_LENGTH} characters on every
 * database; longer ones are refused before any SQL runs. Every statement has a query timeout (10 seconds unless
 * set); how long getting a connection from an unreachable database may take is the pool's connection timeout,
 * so a failing save or load returns within about connection timeout plus query timeout.
 * <p>
 * This class checks the arguments and names what failed; the table and its SQL are a {@link StepLayout}
 * ({@link BurrLayout}, Burr's table, or {@link DeltaLayout}, see {@link Builder#layout}), a save is committed by
 * a {@link StepCommitter}.
 */
public final class JdbcStatePersister implements StateStore, AutoCloseable {

	/** Longest partition key, app id or position stored, in characters. */
	public static final int MAX_ID_LENGTH = 255;

	/** Most saves committed together unless {@link Builder#groupCommitLimit} says otherwise. */
	public static final int DEFAULT_GROUP_COMMIT_LIMIT = 256;

	private final JdbcDatabase database;

	private final TableName tableName;

	private final String migrationsLocation;

	private final StateSerde serde;

	private final Clock clock;

	/** The storage layout, bound to the database's dialect when the first connection tells which it is. */
	private final Function<JdbcDialect, StepLayout> layoutFor;

	private volatile @Nullable Detected detected;

	private volatile boolean initializedSeen;

	private final int groupCommitLimit;

	private final QueueOnFirstUse queue;

	private JdbcStatePersister(Builder builder) {
		this.database = new JdbcDatabase(builder.dataSource, builder.queryTimeout);
		this.tableName = (builder.tableName != null) ? builder.tableName
				: TableName.parse((builder.layout == StateLayout.DELTA) ? "burr_state_delta" : "burr_state");
		this.serde = builder.serde;
		this.clock = builder.clock;
		this.groupCommitLimit = builder.groupCommitLimit;
		this.queue = new QueueOnFirstUse(this, builder.writeBehindSettings, "table '" + this.tableName + "'");
		int batchSize = builder.batchSize;
		int snapshotEvery = builder.snapshotEvery;
		ClassLoader classLoader = builder.classLoader;
		this.migrationsLocation = (builder.layout == StateLayout.DELTA) ? SchemaMigrator.DELTA_LOCATION
				: SchemaMigrator.BURR_LOCATION;
		this.layoutFor = (builder.layout == StateLayout.DELTA)
				? (dialect) -> new DeltaLayout(this.database, dialect, this.tableName, this.serde, batchSize,
						snapshotEvery, classLoader)
				: (dialect) -> new BurrLayout(this.database, dialect, this.tableName, this.serde, batchSize,
						classLoader);
	}

	/** A builder for a persister over {@code dataSource}; the table is {@code burr_state} unless set. */
	public static Builder builder(DataSource dataSource) {
		return new Builder(dataSource);
	}

	/** The table name as configured, schema-qualified when it was given so. */
	public String getTableName() {
		return this.tableName.qualified();
	}

	/** Most concurrent saves committed in one transaction ({@link Builder#groupCommitLimit}). */
	public int getGroupCommitLimit() {
		return this.groupCommitLimit;
	}

	/** How this persister's write-behind queue behaves once made ({@link Builder#writeBehind}). */
	public WriteBehindSettings getWriteBehindSettings() {
		return this.queue.settings();
	}

	/**
	 * Where this persister's layout keeps its SQL migrations, one folder per database under it:
	 * {@code classpath:db/burr/migration/} for Burr's layout, {@code classpath:db/burr/delta/} for the delta
	 * layout. For teams that create the table themselves.
	 */
	public String getMigrationsLocation() {
		return this.migrationsLocation;
	}

	/** Creates the table or migrates it, adopting a table Burr created, with a private Flyway instance. */
	@Override
	public void initialize() {
		Detected current = run(() -> "Cannot initialize Burr table '" + this.tableName + "'", this::detected);
		current.layout.initialize();
	}

	@Override
	public boolean isInitialized() {
		if (this.initializedSeen) {
			return true;
		}
		boolean initialized = run(() -> "Cannot check whether Burr table '" + this.tableName + "' exists",
				() -> detected().layout.isInitialized());
		this.initializedSeen = initialized;
		return initialized;
	}

	@Override
	public void save(@Nullable String partitionKey, String appId, long sequenceId, String position, State state,
			Status status) {
		save(partitionKey, appId, sequenceId, position, state, status, StateChange.unknown());
	}

	@Override
	public void save(@Nullable String partitionKey, String appId, long sequenceId, String position, State state,
			Status status, StateChange change) {
		String pk = checkId("partitionKey", PartitionKeys.normalize(partitionKey));
		checkId("appId", StoreArguments.checkAppId(appId));
		checkId("position", Objects.requireNonNull(position, "position must not be null"));
		Objects.requireNonNull(status, "status must not be null");
		Objects.requireNonNull(state, "state must not be null");
		Objects.requireNonNull(change, "change must not be null");
		Supplier<String> what = () -> saveMessage(pk, appId, sequenceId);
		Detected current = run(what, this::detected);
		StepLayout.Step step = encode(current, pk, appId, sequenceId, position, state, status, change);
		if (this.groupCommitLimit == 1 || TransactionSynchronizationManager.isActualTransactionActive()) {
			current.committer.commit(step, what);
		}
		else {
			current.groupCommit.write(step);
		}
	}

	/**
	 * Stores the steps in one transaction (see {@link StateSaver#saveAll}); when it fails for another reason than
	 * the connection, each step is committed on its own so that a conflict or a refused value fails only its step
	 * (and the later steps of its app in {@code steps}).
	 */
	@Override
	public List<@Nullable RuntimeException> saveAll(List<StepSave> steps) {
		return BatchOutcomes.encodeThenStore(steps, this::encode, (encoded) -> detected().committer
			.commitAll(encoded, true, (step) -> saveMessage(step.partitionKey(), step.appId(), step.sequenceId())));
	}

	/** Checks and encodes one step as {@link #save} does; nothing touches the table. */
	private StepLayout.Step encode(StepSave save) {
		String pk = checkId("partitionKey", PartitionKeys.normalize(save.partitionKey()));
		checkId("appId", StoreArguments.checkAppId(save.appId()));
		checkId("position", save.position());
		Detected current = run(() -> saveMessage(pk, save.appId(), save.sequenceId()), this::detected);
		return encode(current, pk, save.appId(), save.sequenceId(), save.position(), save.state(), save.status(),
				save.change());
	}

	/**
	 * This persister's write-behind queue for {@link Durability#ASYNC} applications, created on first use with
	 * the settings of {@link Builder#writeBehind}; {@link #load} sees the steps it still holds.
	 */
	@Override
	public WriteBehind writeBehind() {
		return this.queue.get();
	}

	/**
	 * Drains the write-behind queue, if one was made, within its timeout. The {@code DataSource} is the caller's
	 * and stays open.
	 * @throws BurrPersistenceException when queued steps could not be stored in time
	 */
	@Override
	public void close() {
		this.queue.close();
	}

	private StepLayout.Step encode(Detected current, String pk, String appId, long sequenceId, String position,
			State state, Status status, StateChange change) {
		StepLayout.Step step = current.layout.encode(pk, appId, sequenceId, position, state, status, change,
				this.clock.instant());
		String unstorable = current.dialect.unstorableReason(step.json());
		if (unstorable != null) {
			current.layout.abandoned(step);
			throw new BurrPersistenceException(saveMessage(pk, appId, sequenceId) + ": " + unstorable);
		}
		return step;
	}

	private String saveMessage(String pk, String appId, long sequenceId) {
		return "Cannot save step " + sequenceId + " of app '" + appId + "' (partition key '" + pk + "') in table '"
				+ this.tableName + "'";
	}

	@Override
	public Optional<PersistedState> load(@Nullable String partitionKey, String appId, @Nullable Long sequenceId) {
		String pk = PartitionKeys.normalize(partitionKey);
		StoreArguments.checkAppId(appId);
		Optional<PersistedState> queued = this.queue.queued(pk, appId, sequenceId);
		if (queued.isPresent()) {
			return queued;
		}
		return run(() -> "Cannot load " + ((sequenceId != null) ? "step " + sequenceId : "the latest step")
				+ " of app '" + appId + "' (partition key '" + pk + "') from table '" + this.tableName + "'",
				() -> detected().layout.load(pk, appId, sequenceId));
	}

	@Override
	public List<String> listAppIds(@Nullable String partitionKey) {
		String pk = PartitionKeys.normalize(partitionKey);
		return run(() -> listMessage(pk), () -> detected().layout.listAppIds(pk));
	}

	@Override
	public List<AppSummary> listApps(@Nullable String partitionKey, int offset, int limit) {
		StoreArguments.checkPage(offset, limit);
		String pk = PartitionKeys.normalize(partitionKey);
		return run(() -> listMessage(pk), () -> detected().layout.listApps(pk, offset, limit));
	}

	@Override
	public List<PersistedState> history(@Nullable String partitionKey, String appId) {
		String pk = PartitionKeys.normalize(partitionKey);
		StoreArguments.checkAppId(appId);
		return run(() -> historyMessage(pk, appId), () -> detected().layout.history(pk, appId));
	}

	@Override
	public void forEachStep(@Nullable String partitionKey, String appId, Consumer<PersistedState> steps) {
		String pk = PartitionKeys.normalize(partitionKey);
		StoreArguments.checkAppId(appId);
		Objects.requireNonNull(steps, "steps must not be null");
		run(() -> historyMessage(pk, appId), () -> {
			detected().layout.forEachStep(pk, appId, steps);
			return null;
		});
	}

	@Override
	public int deleteApp(@Nullable String partitionKey, String appId) {
		String pk = PartitionKeys.normalize(partitionKey);
		StoreArguments.checkAppId(appId);
		return run(() -> deleteMessage("delete app", pk, appId), () -> detected().layout.deleteApp(pk, appId));
	}

	@Override
	public int pruneKeepLast(@Nullable String partitionKey, String appId, int keepLast) {
		StoreArguments.checkKeepLast(keepLast);
		String pk = PartitionKeys.normalize(partitionKey);
		StoreArguments.checkAppId(appId);
		return run(() -> deleteMessage("prune", pk, appId),
				() -> detected().layout.pruneKeepLast(pk, appId, keepLast));
	}

	@Override
	public int pruneOlderThan(@Nullable String partitionKey, String appId, Instant cutoff) {
		Objects.requireNonNull(cutoff, "cutoff must not be null");
		String pk = PartitionKeys.normalize(partitionKey);
		StoreArguments.checkAppId(appId);
		return run(() -> deleteMessage("prune", pk, appId),
				() -> detected().layout.pruneOlderThan(pk, appId, cutoff));
	}

	private String historyMessage(String pk, String appId) {
		return "Cannot read the history of app '" + appId + "' (partition key '" + pk + "') from table '"
				+ this.tableName + "'";
	}

	private String listMessage(String pk) {
		return "Cannot list the apps of partition key '" + pk + "' in table '" + this.tableName + "'";
	}

	private String deleteMessage(String action, String pk, String appId) {
		return "Cannot " + action + " '" + appId + "' (partition key '" + pk + "') in table '" + this.tableName + "'";
	}

	private Detected detected() {
		Detected current = this.detected;
		if (current == null) {
			JdbcDatabase.Connected connected = this.database.connect();
			JdbcDialect dialect = JdbcDialects.forProduct(String.valueOf(connected.productName()), this.tableName);
			StepLayout layout = this.layoutFor.apply(dialect);
			StepCommitter committer = new StepCommitter(this.database, dialect, connected.autoCommit(), layout);
			current = new Detected(dialect, layout, committer, new GroupCommit<>(this.groupCommitLimit,
					dialect.groupCommitsInFlight(), (steps) -> committer.commitAll(steps, false,
							(step) -> saveMessage(step.partitionKey(), step.appId(), step.sequenceId()))));
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
	 * What the first connection told: the dialect, the layout bound to it, how a save is committed, and the
	 * group commit concurrent saves share.
	 */
	private record Detected(JdbcDialect dialect, StepLayout layout, StepCommitter committer,
			GroupCommit<StepLayout.Step> groupCommit) {
	}

	/** Configures a {@link JdbcStatePersister}. */
	public static final class Builder {

		private final DataSource dataSource;

		private @Nullable TableName tableName;

		private StateLayout layout = StateLayout.BURR;

		private int snapshotEvery = DeltaPlanner.DEFAULT_SNAPSHOT_EVERY;

		private StateSerde serde = StateSerde.defaults();

		private Duration queryTimeout = Duration.ofSeconds(10);

		private int batchSize = 1000;

		private Clock clock = Clock.systemUTC();

		private ClassLoader classLoader = JdbcStatePersister.class.getClassLoader();

		private int groupCommitLimit = DEFAULT_GROUP_COMMIT_LIMIT;

		private WriteBehindSettings writeBehindSettings = WriteBehindSettings.defaults();

		private Builder(DataSource dataSource) {
			this.dataSource = Objects.requireNonNull(dataSource, "dataSource must not be null");
		}

		/**
		 * The table, by default {@code burr_state} in Burr's layout and {@code burr_state_delta} in the delta layout:
		 * an SQL identifier, optionally schema-qualified.
		 * @throws IllegalArgumentException when it is not one (quotes, spaces, semicolons...)
		 */
		public Builder tableName(String tableName) {
			this.tableName = TableName.parse(tableName);
			return this;
		}

		/**
		 * How steps are stored: {@link StateLayout#BURR} (the default, Burr's table, which Python Burr and the Burr UI
		 * read) or {@link StateLayout#DELTA} (a table of its own where a step stores only what it changed).
		 */
		public Builder layout(StateLayout layout) {
			this.layout = Objects.requireNonNull(layout, "layout must not be null");
			return this;
		}

		/**
		 * In the delta layout, most steps in one chain (a snapshot and the deltas after it) before the next
		 * snapshot; {@value DeltaPlanner#DEFAULT_SNAPSHOT_EVERY} by default, 1 stores every step whole. No effect in
		 * Burr's layout.
		 */
		public Builder snapshotEvery(int snapshotEvery) {
			this.snapshotEvery = DeltaPlanner.checkSnapshotEvery(snapshotEvery);
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

		/**
		 * Most saves of concurrent callers committed in one transaction; {@value #DEFAULT_GROUP_COMMIT_LIMIT} by
		 * default, 1 commits every save on its own.
		 */
		public Builder groupCommitLimit(int groupCommitLimit) {
			this.groupCommitLimit = GroupCommit.checkLimit(groupCommitLimit);
			return this;
		}

		/**
		 * How the write-behind queue of {@link Durability#ASYNC} applications behaves;
		 * {@link WriteBehindSettings#defaults()} by default.
		 */
		public Builder writeBehind(WriteBehindSettings writeBehindSettings) {
			this.writeBehindSettings = Objects.requireNonNull(writeBehindSettings, "writeBehind must not be null");
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
