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
import dev.burr.persistence.BatchOutcomes;
import dev.burr.persistence.BurrPersistenceException;
import dev.burr.persistence.Durability;
import dev.burr.persistence.PartitionKeys;
import dev.burr.persistence.PersistedState;
import dev.burr.persistence.StateChange;
import dev.burr.persistence.StateConflictException;
import dev.burr.persistence.StateLayout;
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
 * <p>
 * <b>Batches.</b> {@link #saveAll} sends the save scripts of a batch of steps in one round trip, one script call
 * per app that stores its steps in order and stops at the first already stored. Concurrent {@link #save}s share
 * such batches (group commit, up to {@link Builder#groupCommitLimit} steps); {@link Durability#ASYNC}
 * applications queue their steps in {@link #writeBehind()}, which {@link #close()} drains.
 * <p>
 * Instances are thread-safe.
 */
public final class RedisStatePersister implements StateStore, AutoCloseable {

	/**
	 * Batches of concurrent saves sent at once: the shared connection pipelines them, so a batch need not wait
	 * for the one before it to be answered.
	 */
	private static final int BATCHES_IN_FLIGHT = 4;

	/** Most steps in one batch of concurrent saves unless {@link Builder#groupCommitLimit} says otherwise. */
	public static final int DEFAULT_GROUP_COMMIT_LIMIT = 256;

	private final StringRedisTemplate redis;

	private final RedisLayout layout;

	private final ClusterGuard clusterGuard;

	private final String keyPrefix;

	private final PipelinedSaves saves;

	private final @Nullable GroupCommit<PipelinedSaves.Step> groupCommit;

	private final int groupCommitLimit;

	private final QueueOnFirstUse queue;

	/** The one place where the persister meets its connection factory and picks its key layout. */
	private RedisStatePersister(Builder builder) {
		this.clusterGuard = new ClusterGuard(builder.connectionFactory, builder.clusterSafe);
		this.redis = new StringRedisTemplate(builder.connectionFactory);
		// The persister's callbacks never close their connection, so Spring need not wrap it in a proxy per call.
		this.redis.setExposeConnection(true);
		RedisKeys keys = switch (builder.layout) {
			case BURR -> new RedisKeys(builder.namespace, builder.clusterSafe);
			case DELTA -> RedisKeys.delta(builder.namespace, builder.clusterSafe);
		};
		this.layout = switch (builder.layout) {
			case BURR -> new BurrLayout(this.redis, keys, builder.serde, builder.ttl, builder.refreshTtlOnLoad);
			case DELTA -> new DeltaLayout(this.redis, keys, builder.serde, builder.snapshotEvery, builder.ttl,
					builder.refreshTtlOnLoad);
		};
		this.keyPrefix = keys.prefix();
		this.saves = new PipelinedSaves(new ScriptPipeline(this.redis, builder.connectionFactory), this.layout,
				this.clusterGuard, this.keyPrefix);
		this.groupCommit = (builder.groupCommitLimit > 1)
				? new GroupCommit<>(builder.groupCommitLimit, BATCHES_IN_FLIGHT, this.saves::store) : null;
		this.groupCommitLimit = builder.groupCommitLimit;
		this.queue = new QueueOnFirstUse(this, builder.writeBehindSettings, "Redis key prefix '" + this.keyPrefix + "'");
	}

	/** Most concurrent saves sent in one batch ({@link Builder#groupCommitLimit}). */
	public int getGroupCommitLimit() {
		return this.groupCommitLimit;
	}

	/** How this persister's write-behind queue behaves once made ({@link Builder#writeBehind}). */
	public WriteBehindSettings getWriteBehindSettings() {
		return this.queue.settings();
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

	/**
	 * Stores one step in one script call. While another batch is being sent, the step waits and goes with the
	 * next one, together with the steps of other apps that arrived meanwhile (group commit); it returns once its
	 * own step is stored.
	 */
	@Override
	public void save(@Nullable String partitionKey, String appId, long sequenceId, String position, State state,
			Status status, StateChange change) {
		PipelinedSaves.Step step = encode(new StepSave(partitionKey, appId, sequenceId, position, state, status,
				change));
		GroupCommit<PipelinedSaves.Step> batches = this.groupCommit;
		if (batches != null) {
			batches.write(step);
			return;
		}
		RuntimeException failure = this.saves.store(List.of(step)).get(0);
		if (failure != null) {
			throw failure;
		}
	}

	/**
	 * Checks and encodes each step as {@link #save} does, then sends all of them in one round trip: one script
	 * call per app, which stores the app's steps in order and stops at the first that is already stored. A
	 * conflict fails only its step and the later steps of its app; when Redis cannot be reached, every step fails
	 * with a {@link BurrPersistenceException} naming its app and this persister's key prefix.
	 */
	@Override
	public List<@Nullable RuntimeException> saveAll(List<StepSave> steps) {
		return BatchOutcomes.encodeThenStore(steps, this::encode, this.saves::store);
	}

	/**
	 * The write-behind queue of {@link Durability#ASYNC} applications: one per persister, shared by all its
	 * apps, created on first use with the settings of {@link Builder#writeBehind}. It stores its steps through
	 * {@link #saveAll}; {@link #load} sees the steps it still holds.
	 */
	@Override
	public WriteBehind writeBehind() {
		return this.queue.get();
	}

	/**
	 * Closes the write-behind queue, if one was made: waits up to its timeout for the queued steps to be
	 * stored. The connection factory is the caller's and stays open.
	 * @throws BurrPersistenceException when queued steps were not stored in time
	 */
	@Override
	public void close() {
		this.queue.close();
	}

	/** The step checked and its write built by the layout; nothing is sent. */
	private PipelinedSaves.Step encode(StepSave save) {
		String pk = PartitionKeys.normalize(save.partitionKey());
		StoreArguments.checkAppId(save.appId());
		StepWrite write = this.layout.save(pk, save.appId(), save.sequenceId(), save.position(), save.state(),
				save.status(), save.change());
		return new PipelinedSaves.Step(save, pk, write);
	}

	/** The step the write-behind queue still holds, else the stored one. */
	@Override
	public Optional<PersistedState> load(@Nullable String partitionKey, String appId, @Nullable Long sequenceId) {
		String pk = PartitionKeys.normalize(partitionKey);
		StoreArguments.checkAppId(appId);
		Optional<PersistedState> queued = this.queue.queued(pk, appId, sequenceId);
		if (queued.isPresent()) {
			return queued;
		}
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

		private int groupCommitLimit = DEFAULT_GROUP_COMMIT_LIMIT;

		private WriteBehindSettings writeBehindSettings = WriteBehindSettings.defaults();

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

		/**
		 * Most steps that concurrent {@link RedisStatePersister#save}s send in one batch (one round trip),
		 * {@value RedisStatePersister#DEFAULT_GROUP_COMMIT_LIMIT} by default; 1 sends every save on its own, as soon
		 * as it is made, without batching.
		 */
		public Builder groupCommitLimit(int groupCommitLimit) {
			this.groupCommitLimit = GroupCommit.checkLimit(groupCommitLimit);
			return this;
		}

		/**
		 * How the write-behind queue of {@link Durability#ASYNC} applications behaves (capacity, what a save does
		 * when it is full, timeouts, batch size); {@link WriteBehindSettings#defaults()} by default.
		 */
		public Builder writeBehind(WriteBehindSettings writeBehindSettings) {
			this.writeBehindSettings = Objects.requireNonNull(writeBehindSettings, "writeBehind must not be null");
			return this;
		}

		public RedisStatePersister build() {
			return new RedisStatePersister(this);
		}

	}

}
