package dev.burr.boot.autoconfigure;

import java.time.Duration;

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

		private final Jdbc jdbc = new Jdbc();

		private final Redis redis = new Redis();

		public PersistenceType getType() {
			return this.type;
		}

		public void setType(PersistenceType type) {
			this.type = type;
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
		 * digits and underscores.
		 */
		private String tableName = "burr_state";

		/**
		 * When to create or migrate Burr's table with its own Flyway instance and history table
		 * ('<table-name>_schema_history'). Migrations are versioned, so 'always' is safe on every start.
		 */
		private InitializeSchema initializeSchema = InitializeSchema.ALWAYS;

		/**
		 * Longest time one statement may run.
		 */
		private Duration queryTimeout = Duration.ofSeconds(10);

		public String getTableName() {
			return this.tableName;
		}

		public void setTableName(String tableName) {
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
		 * Never: the table is created by other means, with the SQL files in classpath:db/burr/migration.
		 */
		NEVER

	}

}
