package dev.burr.boot.autoconfigure;

import java.time.Duration;

import dev.burr.persistence.StateLayout;
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

		public Jdbc getJdbc() {
			return this.jdbc;
		}

		public Redis getRedis() {
			return this.redis;
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
