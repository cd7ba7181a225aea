package dev.burr.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

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
import io.lettuce.core.RedisException;
import org.jspecify.annotations.Nullable;

import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.RedisCallback;
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

	private final RedisKeys keys;

	private final StateSerde serde;

	private final @Nullable Duration ttl;

	private final boolean refreshTtlOnLoad;

	private RedisStatePersister(Builder builder) {
		this.redis = new StringRedisTemplate(builder.connectionFactory);
		this.keys = new RedisKeys(builder.namespace, builder.clusterSafe);
		this.serde = builder.serde;
		this.ttl = builder.ttl;
		this.refreshTtlOnLoad = builder.refreshTtlOnLoad;
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
		String pk = PartitionKeys.normalize(partitionKey);
		StoreArguments.checkAppId(appId);
		Objects.requireNonNull(position, "position must not be null");
		Objects.requireNonNull(status, "status must not be null");
		String json = this.serde.toJson(Objects.requireNonNull(state, "state must not be null"));
		List<String> args = new ArrayList<>(3 + 2 * StepHash.FIELDS.size());
		args.add(Long.toString(ttlMillis()));
		args.add(appId);
		args.add(Long.toString(sequenceId));
		List<String> values = StepHash.values(pk, appId, sequenceId, position, json, status, Instant.now());
		for (int i = 0; i < values.size(); i++) {
			args.add(StepHash.FIELDS.get(i));
			args.add(values.get(i));
		}
		List<String> scriptKeys = List.of(this.keys.step(pk, appId, sequenceId), this.keys.partition(pk),
				this.keys.steps(pk, appId), this.keys.activity(pk));
		Long saved = call(() -> this.redis.execute(RedisScripts.SAVE, scriptKeys, args.toArray()),
				() -> "save step " + sequenceId + " of " + describe(pk, appId));
		if (saved == null || saved == 0L) {
			throw new StateConflictException(pk, appId, sequenceId, null);
		}
	}

	@Override
	public Optional<PersistedState> load(@Nullable String partitionKey, String appId, @Nullable Long sequenceId) {
		String pk = PartitionKeys.normalize(partitionKey);
		StoreArguments.checkAppId(appId);
		return call(() -> {
			Long seq = (sequenceId != null) ? sequenceId : latestSequenceId(pk, appId);
			if (seq == null) {
				return Optional.<PersistedState>empty();
			}
			String key = this.keys.step(pk, appId, seq);
			Map<String, String> hash = this.redis.<String, String>opsForHash().entries(key);
			if (hash.isEmpty()) {
				return Optional.<PersistedState>empty();
			}
			PersistedState loaded = StepHash.read(key, hash, pk, appId, this.serde);
			if (this.refreshTtlOnLoad && this.ttl != null) {
				this.redis.execute(RedisScripts.TOUCH, List.of(key, this.keys.partition(pk), this.keys.steps(pk, appId),
						this.keys.activity(pk)), Long.toString(ttlMillis()));
			}
			return Optional.of(loaded);
		}, () -> "load " + ((sequenceId != null) ? "step " + sequenceId : "the latest step") + " of "
				+ describe(pk, appId));
	}

	@Override
	public List<String> listAppIds(@Nullable String partitionKey) {
		String pk = PartitionKeys.normalize(partitionKey);
		return call(() -> summaries(pk, List.copyOf(appIdsNewestFirst(pk))).stream().map(AppSummary::appId).toList(),
				() -> "list the apps of partition key '" + pk + "'");
	}

	@Override
	public List<AppSummary> listApps(@Nullable String partitionKey, int offset, int limit) {
		StoreArguments.checkPage(offset, limit);
		String pk = PartitionKeys.normalize(partitionKey);
		return call(() -> summaries(pk, page(pk, offset, limit)),
				() -> "list the apps of partition key '" + pk + "'");
	}

	@Override
	public List<PersistedState> history(@Nullable String partitionKey, String appId) {
		String pk = PartitionKeys.normalize(partitionKey);
		StoreArguments.checkAppId(appId);
		return call(() -> {
			List<Long> sequenceIds = List.copyOf(storedSequenceIds(pk, appId));
			List<Object> hashes = this.redis.executePipelined((RedisCallback<Object>) connection -> {
				sequenceIds.forEach(seq -> connection.hashCommands().hGetAll(bytes(this.keys.step(pk, appId, seq))));
				return null;
			});
			List<PersistedState> steps = new ArrayList<>(sequenceIds.size());
			for (int i = 0; i < sequenceIds.size(); i++) {
				@SuppressWarnings("unchecked")
				Map<String, String> hash = (Map<String, String>) hashes.get(i);
				if (hash != null && !hash.isEmpty()) {
					steps.add(StepHash.read(this.keys.step(pk, appId, sequenceIds.get(i)), hash, pk, appId,
							this.serde));
				}
			}
			return List.copyOf(steps);
		}, () -> "read the history of " + describe(pk, appId));
	}

	@Override
	public int deleteApp(@Nullable String partitionKey, String appId) {
		String pk = PartitionKeys.normalize(partitionKey);
		StoreArguments.checkAppId(appId);
		Long deleted = call(() -> this.redis.execute(RedisScripts.DELETE_APP,
				List.of(this.keys.partition(pk), this.keys.steps(pk, appId), this.keys.activity(pk)), appId,
				this.keys.stepPrefix(pk, appId)), () -> "delete " + describe(pk, appId));
		return (deleted != null) ? deleted.intValue() : 0;
	}

	@Override
	public int pruneKeepLast(@Nullable String partitionKey, String appId, int keepLast) {
		StoreArguments.checkKeepLast(keepLast);
		String pk = PartitionKeys.normalize(partitionKey);
		StoreArguments.checkAppId(appId);
		return call(() -> {
			Set<String> old = this.redis.opsForZSet().range(this.keys.steps(pk, appId), 0, -(keepLast + 1L));
			return deleteSteps(pk, appId, (old != null) ? List.copyOf(old) : List.of());
		}, () -> "prune " + describe(pk, appId));
	}

	@Override
	public int pruneOlderThan(@Nullable String partitionKey, String appId, Instant cutoff) {
		Objects.requireNonNull(cutoff, "cutoff must not be null");
		List<PersistedState> steps = history(partitionKey, appId);
		if (steps.isEmpty()) {
			return 0;
		}
		long latest = steps.get(steps.size() - 1).sequenceId();
		List<String> old = steps.stream()
			.filter(step -> step.sequenceId() != latest && step.createdAt().isBefore(cutoff))
			.map(step -> Long.toString(step.sequenceId()))
			.toList();
		String pk = PartitionKeys.normalize(partitionKey);
		return call(() -> deleteSteps(pk, appId, old), () -> "prune " + describe(pk, appId));
	}

	private int deleteSteps(String pk, String appId, List<String> sequenceIds) {
		if (sequenceIds.isEmpty()) {
			return 0;
		}
		List<String> args = new ArrayList<>(sequenceIds.size() + 1);
		args.add(this.keys.stepPrefix(pk, appId));
		args.addAll(sequenceIds);
		Long deleted = this.redis.execute(RedisScripts.DELETE_STEPS, List.of(this.keys.steps(pk, appId)),
				args.toArray());
		return (deleted != null) ? deleted.intValue() : 0;
	}

	private @Nullable Long latestSequenceId(String pk, String appId) {
		Double score = this.redis.opsForZSet().score(this.keys.partition(pk), appId);
		return (score != null) ? score.longValue() : null;
	}

	private TreeSet<Long> storedSequenceIds(String pk, String appId) {
		TreeSet<Long> sequenceIds = new TreeSet<>();
		Set<String> indexed = this.redis.opsForZSet().range(this.keys.steps(pk, appId), 0, -1);
		if (indexed != null) {
			indexed.forEach(seq -> sequenceIds.add(Long.parseLong(seq)));
		}
		Long latest = latestSequenceId(pk, appId);
		if (latest != null) {
			sequenceIds.add(latest);
		}
		return sequenceIds;
	}

	private LinkedHashSet<String> appIdsNewestFirst(String pk) {
		LinkedHashSet<String> appIds = new LinkedHashSet<>();
		Set<String> active = this.redis.opsForZSet().reverseRange(this.keys.activity(pk), 0, -1);
		Set<String> scored = this.redis.opsForZSet().reverseRange(this.keys.partition(pk), 0, -1);
		if (active != null) {
			appIds.addAll(active);
		}
		if (scored != null) {
			appIds.addAll(scored);
		}
		return appIds;
	}

	private List<String> page(String pk, int offset, int limit) {
		Long active = this.redis.opsForZSet().zCard(this.keys.activity(pk));
		if (active != null && (long) offset + limit <= active) {
			Set<String> ids = this.redis.opsForZSet().reverseRange(this.keys.activity(pk), offset, offset + limit - 1L);
			return (ids != null) ? List.copyOf(ids) : List.of();
		}
		List<String> all = List.copyOf(appIdsNewestFirst(pk));
		return (offset >= all.size()) ? List.of() : all.subList(offset, Math.min(all.size(), offset + limit));
	}

	/** The summaries of the given apps whose latest step is still stored (not expired), in the given order. */
	private List<AppSummary> summaries(String pk, List<String> appIds) {
		byte[] partition = bytes(this.keys.partition(pk));
		List<Object> scores = this.redis.executePipelined((RedisCallback<Object>) connection -> {
			appIds.forEach(appId -> connection.zSetCommands().zScore(partition, bytes(appId)));
			return null;
		});
		List<AppSummary> scored = new ArrayList<>(appIds.size());
		for (int i = 0; i < appIds.size(); i++) {
			if (scores.get(i) instanceof Double score) {
				scored.add(new AppSummary(pk, appIds.get(i), score.longValue(), Instant.EPOCH));
			}
		}
		byte[] createdAtField = bytes("created_at");
		List<Object> createdAts = this.redis.executePipelined((RedisCallback<Object>) connection -> {
			scored.forEach(app -> connection.hashCommands()
				.hGet(bytes(this.keys.step(pk, app.appId(), app.latestSequenceId())), createdAtField));
			return null;
		});
		List<AppSummary> summaries = new ArrayList<>(scored.size());
		for (int i = 0; i < scored.size(); i++) {
			AppSummary app = scored.get(i);
			if (createdAts.get(i) instanceof String createdAt) {
				String key = this.keys.step(pk, app.appId(), app.latestSequenceId());
				summaries.add(new AppSummary(pk, app.appId(), app.latestSequenceId(),
						StepHash.parseCreatedAt(key, createdAt)));
			}
		}
		return List.copyOf(summaries);
	}

	private long ttlMillis() {
		return (this.ttl != null) ? this.ttl.toMillis() : 0L;
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	private static String describe(String pk, String appId) {
		return "app '" + appId + "' (partition key '" + pk + "')";
	}

	private static <T> T call(Supplier<T> operation, Supplier<String> what) {
		try {
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
		 * Python Burr cannot read this layout. Off by default.
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

		public RedisStatePersister build() {
			return new RedisStatePersister(this);
		}

	}

}
