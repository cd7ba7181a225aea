package dev.burr.redis;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

import dev.burr.core.State;
import dev.burr.persistence.AppSummary;
import dev.burr.persistence.BurrPersistenceException;
import dev.burr.persistence.PartitionKeys;
import dev.burr.persistence.PersistedState;
import dev.burr.persistence.StateChange;
import dev.burr.persistence.StateConflictException;
import dev.burr.persistence.StateLayout;
import dev.burr.persistence.StateStore;
import dev.burr.persistence.Status;
import dev.burr.persistence.StoreArguments;
import dev.burr.persistence.delta.DeltaPlanner;
import dev.burr.serde.StateSerde;
import io.lettuce.core.RedisException;
import org.jspecify.annotations.Nullable;

import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * A {@link StateStore} on Redis, in Burr's key layout so that Python Burr's {@code RedisBasePersister} and this
 * persister read each other's steps.
 * <p>
 * Each step is Burr's hash {@code [ns:]pk:app:seq} (fields {@code partition_key, app_id, sequence_id, position,
 * state, status, created_at}) and each partition Burr's sorted set {@code [ns:]pk} of app ids scored by their
 * highest sequence id; the namespace defaults to {@code burr}, and {@code ""} gives Burr's bare keys. A save is
 * one Lua script: it refuses a step already stored ({@link StateConflictException}), writes the hash, raises the
 * app's score only upward, records the step in the app's index {@code [ns:]pk:app:steps} and the app in the
 * partition's activity set {@code [ns:]pk:activity} (scored by Redis server time), and applies the TTL to all
 * four keys. No operation uses {@code KEYS} or {@code SCAN}.
 * <p>
 * With {@link Builder#layout layout(StateLayout.DELTA)} steps go to keys of their own under
 * <code>[ns:]%delta:</code> instead, each step holding a snapshot or only what it changed, and a load reads the
 * step's chain in one round trip; only Burr for Java reads them (see the module's README).
 * <p>
 * Partition keys and app ids are percent-encoded for {@code %}, {@code :}, <code>{</code> and <code>}</code>
 * inside keys, so {@code pk="a:b", app="c"} and {@code pk="a", app="b:c"} never share a key; ids without those
 * characters give Burr's exact keys. The optional cluster-safe layout puts a partition's keys in one hash slot
 * (<code>[ns:]{pk=...}...</code>); Python Burr cannot read it.
 * <p>
 * {@link #listAppIds} and {@link #listApps} order apps by their last write through this persister, newest first;
 * apps only Python Burr wrote follow, by highest sequence id. An app is listed while its latest step is stored
 * (with a TTL, a page can hold fewer apps than asked when some expired). History, delete and prune see the steps
 * written through this persister and the latest step of apps Python Burr wrote.
 * <p>
 * Every call blocks at most as long as the connection factory allows: with Lettuce, its command timeout
 * ({@code LettuceClientConfiguration.commandTimeout}, Boot's {@code spring.data.redis.timeout}, Lettuce's default
 * 60 s) and connect timeout ({@code SocketOptions.connectTimeout}, {@code spring.data.redis.connect-timeout},
 * default 10 s). Redis failures are thrown as {@link BurrPersistenceException}. Needs Redis 5 or later.
 * Instances are thread-safe.
 */
public final class RedisStatePersister implements StateStore {

	private final StringRedisTemplate redis;

	private final RedisLayout layout;

	private final ClusterGuard clusterGuard;

	/** The one place where the persister meets its connection factory and picks its key layout. */
	private RedisStatePersister(Builder builder) {
		this.clusterGuard = new ClusterGuard(builder.connectionFactory, builder.clusterSafe);
		this.redis = new StringRedisTemplate(builder.connectionFactory);
		// The persister's callbacks never close their connection, so Spring need not wrap it in a proxy per call.
		this.redis.setExposeConnection(true);
		this.layout = switch (builder.layout) {
			case BURR -> new BurrLayout(this.redis, new RedisKeys(builder.namespace, builder.clusterSafe),
					builder.serde, builder.ttl, builder.refreshTtlOnLoad);
			case DELTA -> new DeltaLayout(this.redis, RedisKeys.delta(builder.namespace, builder.clusterSafe),
					builder.serde, builder.snapshotEvery, builder.ttl, builder.refreshTtlOnLoad);
		};
	}

	/** A builder for a persister over {@code connectionFactory}, which the caller keeps owning. */
	public static Builder builder(RedisConnectionFactory connectionFactory) {
		return new Builder(connectionFactory);
	}

	/** Does nothing: Redis needs no schema. */
	@Override
	public void initialize() {
	}

	/** Always {@code true}: Redis needs no schema. */
	@Override
	public boolean isInitialized() {
		return true;
	}

	@Override
	public void save(@Nullable String partitionKey, String appId, long sequenceId, String position, State state,
			Status status) {
		save(partitionKey, appId, sequenceId, position, state, status, StateChange.unknown());
	}

	@Override
	public void save(@Nullable String partitionKey, String appId, long sequenceId, String position, State state,
			Status status, StateChange change) {
		String pk = PartitionKeys.normalize(partitionKey);
		StoreArguments.checkAppId(appId);
		Objects.requireNonNull(position, "position must not be null");
		Objects.requireNonNull(status, "status must not be null");
		Objects.requireNonNull(change, "change must not be null");
		StepWrite write = this.layout.save(pk, appId, sequenceId, position,
				Objects.requireNonNull(state, "state must not be null"), status, change);
		boolean stored;
		try {
			stored = call(() -> write.runOn(this.redis),
					() -> "save step " + sequenceId + " of " + describe(pk, appId));
		}
		catch (RuntimeException ex) {
			this.layout.notStored(write);
			throw ex;
		}
		if (!stored) {
			this.layout.notStored(write);
			throw new StateConflictException(pk, appId, sequenceId, null);
		}
		this.layout.stored(write);
	}

	@Override
	public Optional<PersistedState> load(@Nullable String partitionKey, String appId, @Nullable Long sequenceId) {
		String pk = PartitionKeys.normalize(partitionKey);
		StoreArguments.checkAppId(appId);
		return call(() -> this.layout.load(pk, appId, sequenceId),
				() -> "load " + ((sequenceId != null) ? "step " + sequenceId : "the latest step") + " of "
						+ describe(pk, appId));
	}

	@Override
	public List<String> listAppIds(@Nullable String partitionKey) {
		String pk = PartitionKeys.normalize(partitionKey);
		return call(() -> this.layout.listAppIds(pk), () -> "list the apps of partition key '" + pk + "'");
	}

	@Override
	public List<AppSummary> listApps(@Nullable String partitionKey, int offset, int limit) {
		StoreArguments.checkPage(offset, limit);
		String pk = PartitionKeys.normalize(partitionKey);
		return call(() -> this.layout.listApps(pk, offset, limit),
				() -> "list the apps of partition key '" + pk + "'");
	}

	@Override
	public List<PersistedState> history(@Nullable String partitionKey, String appId) {
		String pk = PartitionKeys.normalize(partitionKey);
		StoreArguments.checkAppId(appId);
		return call(() -> this.layout.history(pk, appId), () -> "read the history of " + describe(pk, appId));
	}

	@Override
	public void forEachStep(@Nullable String partitionKey, String appId, Consumer<PersistedState> steps) {
		String pk = PartitionKeys.normalize(partitionKey);
		StoreArguments.checkAppId(appId);
		Objects.requireNonNull(steps, "steps must not be null");
		call(() -> {
			this.layout.forEachStep(pk, appId, steps);
			return null;
		}, () -> "read the history of " + describe(pk, appId));
	}

	@Override
	public int deleteApp(@Nullable String partitionKey, String appId) {
		String pk = PartitionKeys.normalize(partitionKey);
		StoreArguments.checkAppId(appId);
		return call(() -> this.layout.deleteApp(pk, appId), () -> "delete " + describe(pk, appId));
	}

	@Override
	public int pruneKeepLast(@Nullable String partitionKey, String appId, int keepLast) {
		StoreArguments.checkKeepLast(keepLast);
		String pk = PartitionKeys.normalize(partitionKey);
		StoreArguments.checkAppId(appId);
		return call(() -> this.layout.pruneKeepLast(pk, appId, keepLast), () -> "prune " + describe(pk, appId));
	}

	@Override
	public int pruneOlderThan(@Nullable String partitionKey, String appId, Instant cutoff) {
		Objects.requireNonNull(cutoff, "cutoff must not be null");
		List<PersistedState> steps = history(partitionKey, appId);
		String pk = PartitionKeys.normalize(partitionKey);
		return call(() -> this.layout.pruneOlderThan(pk, appId, steps, cutoff), () -> "prune " + describe(pk, appId));
	}

	private static String describe(String pk, String appId) {
		return "app '" + appId + "' (partition key '" + pk + "')";
	}

	private <T> T call(Supplier<T> operation, Supplier<String> what) {
		try {
			this.clusterGuard.check();
			return operation.get();
		}
		catch (DataAccessException | RedisException ex) {
			throw new BurrPersistenceException("Redis failed to " + what.get() + ": " + ex.getMessage(), ex);
		}
	}

	/** Builds a {@link RedisStatePersister}; every option has a default. */
	public static final class Builder {

		private final RedisConnectionFactory connectionFactory;

		private String namespace = "burr";

		private @Nullable Duration ttl;

		private boolean refreshTtlOnLoad;

		private boolean clusterSafe;

		private StateSerde serde = StateSerde.defaults();

		private StateLayout layout = StateLayout.BURR;

		private int snapshotEvery = DeltaPlanner.DEFAULT_SNAPSHOT_EVERY;

		private Builder(RedisConnectionFactory connectionFactory) {
			this.connectionFactory = Objects.requireNonNull(connectionFactory, "connectionFactory must not be null");
		}

		/**
		 * The prefix of every key, {@code burr} by default; {@code ""} gives Burr's keys without a namespace.
		 * Letters, digits, {@code .}, {@code _} and {@code -} only.
		 */
		public Builder namespace(String namespace) {
			Objects.requireNonNull(namespace, "namespace must not be null");
			if (!namespace.isEmpty()) {
				RedisKeys.checkNamespace(namespace);
			}
			this.namespace = namespace;
			return this;
		}

		/**
		 * How long each key lives after the last save (or load, see {@link #refreshTtlOnLoad}) that touched it;
		 * {@code null}, the default, keeps keys until they are deleted.
		 */
		public Builder ttl(@Nullable Duration ttl) {
			if (ttl != null && ttl.toMillis() < 1) {
				throw new IllegalArgumentException("ttl must be at least 1 ms, but was " + ttl);
			}
			this.ttl = ttl;
			return this;
		}

		/**
		 * Whether loading a step gives it, its app's index and its partition's sets the full TTL again; no effect
		 * without a TTL. Off by default.
		 */
		public Builder refreshTtlOnLoad(boolean refreshTtlOnLoad) {
			this.refreshTtlOnLoad = refreshTtlOnLoad;
			return this;
		}

		/**
		 * Whether to put each partition's keys in one Redis Cluster hash slot, as <code>[ns:]{pk=...}</code>.
		 * Python Burr cannot read this layout. Off by default; required on a Redis Cluster, where a persister
		 * without it fails at construction (Lettuce) or on its first operation with an
		 * {@link IllegalStateException} that says so.
		 */
		public Builder clusterSafe(boolean clusterSafe) {
			this.clusterSafe = clusterSafe;
			return this;
		}

		/** How state is written as JSON; {@link StateSerde#defaults()} by default. */
		public Builder serde(StateSerde serde) {
			this.serde = Objects.requireNonNull(serde, "serde must not be null");
			return this;
		}

		/**
		 * How steps are stored: {@link StateLayout#BURR} (the default) in Burr's keys, which Python Burr reads;
		 * {@link StateLayout#DELTA} in keys of its own under <code>[ns:]%delta:</code>, each step holding only what
		 * it changed.
		 */
		public Builder layout(StateLayout layout) {
			this.layout = Objects.requireNonNull(layout, "layout must not be null");
			return this;
		}

		/**
		 * In the {@link StateLayout#DELTA} layout, the most steps in one chain (a snapshot and the deltas after
		 * it), {@value DeltaPlanner#DEFAULT_SNAPSHOT_EVERY} by default; 1 stores every step whole. No effect in Burr's layout.
		 */
		public Builder snapshotEvery(int snapshotEvery) {
			this.snapshotEvery = DeltaPlanner.checkSnapshotEvery(snapshotEvery);
			return this;
		}

		public RedisStatePersister build() {
			return new RedisStatePersister(this);
		}

	}

}
