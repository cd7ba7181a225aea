package dev.burr.boot.autoconfigure;

import java.time.Duration;

import dev.burr.persistence.Durability;
import dev.burr.persistence.StateLayout;
import dev.burr.persistence.write.WriteBehindSettings;
import dev.burr.persistence.write.WriteBehindSettings.WhenFull;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration properties for Burr ({@code burr.*}).
 *
 * @author Burr for Java
 * @since 0.1.0
 */
@ConfigurationProperties("burr")
public class BurrProperties {

	private final Persistence persistence = new Persistence();

	private final Tracking tracking = new Tracking();

	public Persistence getPersistence() {
		return this.persistence;
	}

	public Tracking getTracking() {
		return this.tracking;
	}

	/**
	 * Where applications save their steps.
	 */
	public static class Persistence {

		/**
		 * Where applications save their steps. 'auto' uses JDBC when a DataSource exists, else Redis when a
		 * RedisConnectionFactory exists, else memory.
		 */
		private PersistenceType type = PersistenceType.AUTO;

		/**
		 * How steps are stored. 'burr' is Burr's own layout, which Python Burr and the Burr UI read. 'delta'
		 * stores only what each step changed, in a table ('burr_state_delta') or Redis keys
		 * ('<namespace>:%delta:...') of its own, which only Burr for Java reads.
		 */
		private StateLayout layout = StateLayout.BURR;

		/**
		 * In the delta layout, most steps in one chain: a full snapshot plus the deltas after it.
		 */
		private int snapshotEvery = 1000;

		/**
		 * When a step's save must be stored before the step returns, for applications built from the injected
		 * ApplicationBuilder. 'sync' returns once the save is committed; 'async' returns once the persister's
		 * bounded write-behind queue holds it, so a crash can lose the queued steps (never leave a gap).
		 */
		private Durability durability = Durability.SYNC;

		/**
		 * Most saves of concurrent applications committed together in one transaction (JDBC) or round trip
		 * (Redis). 1 commits every save on its own.
		 */
		private int groupCommitLimit = 256;

		private final WriteBehind writeBehind = new WriteBehind();

		private final Jdbc jdbc = new Jdbc();

		private final Redis redis = new Redis();

		public PersistenceType getType() {
			return this.type;
		}

		public void setType(PersistenceType type) {
			this.type = type;
		}

		public StateLayout getLayout() {
			return this.layout;
		}

		public void setLayout(StateLayout layout) {
			this.layout = layout;
		}

		public int getSnapshotEvery() {
			return this.snapshotEvery;
		}

		public void setSnapshotEvery(int snapshotEvery) {
			this.snapshotEvery = snapshotEvery;
		}

		/**
		 * {@link #getSnapshotEvery()}, checked as the persisters' builders need it.
		 * @throws BurrConfigurationException naming {@code burr.persistence.snapshot-every} when below 1
		 */
		public int checkedSnapshotEvery() {
			if (this.snapshotEvery < 1) {
				throw new BurrConfigurationException("burr.persistence.snapshot-every",
						"Invalid Burr snapshot-every '" + this.snapshotEvery + "': a chain holds at least one step",
						"Set burr.persistence.snapshot-every to 1 or more (1 stores every step whole), or leave it "
								+ "unset for 1000.");
			}
			return this.snapshotEvery;
		}

		public Durability getDurability() {
			return this.durability;
		}

		public void setDurability(Durability durability) {
			this.durability = durability;
		}

		public int getGroupCommitLimit() {
			return this.groupCommitLimit;
		}

		public void setGroupCommitLimit(int groupCommitLimit) {
			this.groupCommitLimit = groupCommitLimit;
		}

		/**
		 * {@link #getGroupCommitLimit()}, checked as the persisters' builders need it.
		 * @throws BurrConfigurationException naming {@code burr.persistence.group-commit-limit} when below 1
		 */
		public int checkedGroupCommitLimit() {
			if (this.groupCommitLimit < 1) {
				throw new BurrConfigurationException("burr.persistence.group-commit-limit",
						"Invalid Burr group-commit-limit '" + this.groupCommitLimit
								+ "': a commit holds at least one save",
						"Set burr.persistence.group-commit-limit to 1 or more (1 commits every save on its own), or "
								+ "leave it unset for 256.");
			}
			return this.groupCommitLimit;
		}

		public WriteBehind getWriteBehind() {
			return this.writeBehind;
		}

		public Jdbc getJdbc() {
			return this.jdbc;
		}

		public Redis getRedis() {
			return this.redis;
		}

	}

	/**
	 * The persister's write-behind queue, which stores the steps of 'async' applications behind them.
	 */
	public static class WriteBehind {

		private static final String PREFIX = "burr.persistence.write-behind.";

		/**
		 * Most steps queued or being written at once: a crash loses at most this many, and the queue holds at
		 * most this many states in memory.
		 */
		private int capacity = 10000;

		/**
		 * What a save does when the queue is full: 'block' waits for room up to the timeout, 'fail' fails at
		 * once. Either way the step fails with a BurrPersistenceException when there is no room.
		 */
		private WhenFull whenFull = WhenFull.BLOCK;

		/**
		 * Longest time a save waits for room in a full queue, and an application's flush() for its steps to
		 * be stored.
		 */
		private Duration timeout = Duration.ofSeconds(30);

		/**
		 * Most steps the writer stores in one batch (one transaction or round trip).
		 */
		private int maxBatch = 256;

		public int getCapacity() {
			return this.capacity;
		}

		public void setCapacity(int capacity) {
			this.capacity = capacity;
		}

		public WhenFull getWhenFull() {
			return this.whenFull;
		}

		public void setWhenFull(WhenFull whenFull) {
			this.whenFull = whenFull;
		}

		public Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(Duration timeout) {
			this.timeout = timeout;
		}

		public int getMaxBatch() {
			return this.maxBatch;
		}

		public void setMaxBatch(int maxBatch) {
			this.maxBatch = maxBatch;
		}

		/**
		 * These properties as the persisters' builders take them, checked.
		 * @throws BurrConfigurationException naming the property at fault: a capacity or max-batch below 1, or a
		 * negative timeout
		 */
		public WriteBehindSettings checkedSettings() {
			if (this.capacity < 1) {
				throw invalid("capacity", this.capacity, "the queue holds at least one step",
						"to 1 or more, or leave it unset for 10000");
			}
			if (this.maxBatch < 1) {
				throw invalid("max-batch", this.maxBatch, "a batch holds at least one step",
						"to 1 or more, or leave it unset for 256");
			}
			if (this.timeout == null || this.timeout.isNegative()) {
				throw invalid("timeout", this.timeout, "a wait cannot be negative",
						"to a duration of 0 or more, such as 30s (0 never waits)");
			}
			return new WriteBehindSettings(this.capacity, this.whenFull, this.timeout, this.maxBatch);
		}

		private static BurrConfigurationException invalid(String name, @Nullable Object value, String why,
				String fix) {
			return new BurrConfigurationException(PREFIX + name,
					"Invalid Burr write-behind " + name + " '" + value + "': " + why,
					"Set " + PREFIX + name + " " + fix + ".");
		}

	}

	/**
	 * The JDBC persister.
	 */
	public static class Jdbc {

		/**
		 * Name of the table steps are stored in, optionally schema-qualified. An SQL identifier: letters,
		 * digits and underscores. Unset: 'burr_state' in Burr's layout, 'burr_state_delta' in the delta layout.
		 */
		private @Nullable String tableName;

		/**
		 * When to create or migrate Burr's table with its own Flyway instance and history table
		 * ('<table-name>_schema_history'). Migrations are versioned, so 'always' is safe on every start.
		 */
		private InitializeSchema initializeSchema = InitializeSchema.ALWAYS;

		/**
		 * Longest time one statement may run.
		 */
		private Duration queryTimeout = Duration.ofSeconds(10);

		public @Nullable String getTableName() {
			return this.tableName;
		}

		public void setTableName(@Nullable String tableName) {
			this.tableName = tableName;
		}

		public InitializeSchema getInitializeSchema() {
			return this.initializeSchema;
		}

		public void setInitializeSchema(InitializeSchema initializeSchema) {
			this.initializeSchema = initializeSchema;
		}

		public Duration getQueryTimeout() {
			return this.queryTimeout;
		}

		public void setQueryTimeout(Duration queryTimeout) {
			this.queryTimeout = queryTimeout;
		}

	}

	/**
	 * The Redis persister.
	 */
	public static class Redis {

		/**
		 * Prefix of every key Burr writes ('<namespace>:<partition key>:<app id>:<sequence id>'). Empty for
		 * Burr's bare layout.
		 */
		private String namespace = "burr";

		/**
		 * How long stored steps live; unset keeps them forever.
		 */
		private @Nullable Duration ttl;

		/**
		 * Whether to put each partition's keys in one Redis Cluster hash slot ('<namespace>:{pk=<partition
		 * key>}:...'), which a Redis Cluster requires and Python Burr cannot read. Unset: on when the connection
		 * factory is a cluster (spring.data.redis.cluster.nodes), off otherwise.
		 */
		private @Nullable Boolean clusterSafe;

		public String getNamespace() {
			return this.namespace;
		}

		public void setNamespace(String namespace) {
			this.namespace = namespace;
		}

		public @Nullable Duration getTtl() {
			return this.ttl;
		}

		public void setTtl(@Nullable Duration ttl) {
			this.ttl = ttl;
		}

		public @Nullable Boolean getClusterSafe() {
			return this.clusterSafe;
		}

		public void setClusterSafe(@Nullable Boolean clusterSafe) {
			this.clusterSafe = clusterSafe;
		}

	}

	/**
	 * The local tracker, whose files the Burr UI reads.
	 */
	public static class Tracking {

		/**
		 * Whether applications record their runs for the Burr UI.
		 */
		private boolean enabled;

		/**
		 * Project the runs are filed under.
		 */
		private String project = "default";

		/**
		 * Directory the Burr UI reads runs from; a leading '~' is the user's home directory.
		 */
		private String storageDir = "~/.burr";

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public String getProject() {
			return this.project;
		}

		public void setProject(String project) {
			this.project = project;
		}

		public String getStorageDir() {
			return this.storageDir;
		}

		public void setStorageDir(String storageDir) {
			this.storageDir = storageDir;
		}

	}

	/**
	 * Where applications save their steps.
	 */
	public enum PersistenceType {

		/**
		 * JDBC when a DataSource exists, else Redis when a RedisConnectionFactory exists, else memory.
		 */
		AUTO,

		/**
		 * The DataSource, in Burr's table.
		 */
		JDBC,

		/**
		 * The RedisConnectionFactory, in Burr's key layout.
		 */
		REDIS,

		/**
		 * Memory: lost when the application stops.
		 */
		MEMORY,

		/**
		 * Nowhere: applications are not saved and cannot be resumed.
		 */
		NONE

	}

	/**
	 * When Burr creates or migrates its table.
	 */
	public enum InitializeSchema {

		/**
		 * On every start.
		 */
		ALWAYS,

		/**
		 * Only for an embedded, in-memory database.
		 */
		EMBEDDED,

		/**
		 * Never: the table is created by other means, with the SQL files in classpath:db/burr/migration (Burr's
		 * layout) or classpath:db/burr/delta (the delta layout).
		 */
		NEVER

	}

}
