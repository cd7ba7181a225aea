package dev.burr.persistence;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

import dev.burr.core.State;
import dev.burr.persistence.write.QueueOnFirstUse;
import dev.burr.persistence.write.WriteBehind;
import dev.burr.persistence.write.WriteBehindSettings;
import org.jspecify.annotations.Nullable;

/**
 * Thread-safe persister that keeps steps in memory, for tests and single-process use. Unlike Burr's, it
 * refuses a second save of the same step, stores {@code null} and {@code ""} partition keys together and
 * never lists an application that was only loaded.
 */
public final class InMemoryStatePersister implements StateStore {

	private final Map<AppKey, StoredApp> apps = new HashMap<>();

	private final AtomicLong writeCounter = new AtomicLong();

	private final QueueOnFirstUse queue;

	/** A persister whose write-behind queue has {@link WriteBehindSettings#defaults()}. */
	public InMemoryStatePersister() {
		this(WriteBehindSettings.defaults());
	}

	/** A persister whose write-behind queue, for {@link Durability#ASYNC} applications, has these settings. */
	public InMemoryStatePersister(WriteBehindSettings writeBehindSettings) {
		this.queue = new QueueOnFirstUse(this, writeBehindSettings, "memory");
	}

	/** The write-behind queue of {@link Durability#ASYNC} applications, created on first use. */
	@Override
	public WriteBehind writeBehind() {
		return this.queue.get();
	}

	@Override
	public void initialize() {
	}

	@Override
	public boolean isInitialized() {
		return true;
	}

	@Override
	public synchronized void save(@Nullable String partitionKey, String appId, long sequenceId, String position,
			State state, Status status) {
		StoreArguments.checkAppId(appId);
		AppKey key = new AppKey(PartitionKeys.normalize(partitionKey), appId);
		StoredApp app = this.apps.computeIfAbsent(key, k -> new StoredApp());
		if (app.steps.containsKey(sequenceId)) {
			throw new StateConflictException(partitionKey, appId, sequenceId, null);
		}
		app.steps.put(sequenceId,
				new PersistedState(key.partitionKey, appId, sequenceId, position, state, Instant.now(), status));
		app.lastWrite = this.writeCounter.incrementAndGet();
	}

	@Override
	public Optional<PersistedState> load(@Nullable String partitionKey, String appId, @Nullable Long sequenceId) {
		Optional<PersistedState> queued = this.queue.queued(partitionKey, appId, sequenceId);
		return queued.isPresent() ? queued : stored(partitionKey, appId, sequenceId);
	}

	private synchronized Optional<PersistedState> stored(@Nullable String partitionKey, String appId,
			@Nullable Long sequenceId) {
		StoredApp app = this.apps.get(new AppKey(PartitionKeys.normalize(partitionKey), appId));
		if (app == null || app.steps.isEmpty()) {
			return Optional.empty();
		}
		return Optional.ofNullable((sequenceId != null) ? app.steps.get(sequenceId) : app.steps.lastEntry().getValue());
	}

	@Override
	public synchronized List<String> listAppIds(@Nullable String partitionKey) {
		return appsOf(partitionKey).stream().map(e -> e.getKey().appId).toList();
	}

	@Override
	public synchronized List<AppSummary> listApps(@Nullable String partitionKey, int offset, int limit) {
		StoreArguments.checkPage(offset, limit);
		return appsOf(partitionKey).stream().skip(offset).limit(limit).map(e -> {
			PersistedState latest = e.getValue().steps.lastEntry().getValue();
			return new AppSummary(latest.partitionKey(), latest.appId(), latest.sequenceId(), latest.createdAt());
		}).toList();
	}

	@Override
	public synchronized List<PersistedState> history(@Nullable String partitionKey, String appId) {
		StoredApp app = this.apps.get(new AppKey(PartitionKeys.normalize(partitionKey), appId));
		return (app != null) ? List.copyOf(app.steps.values()) : List.of();
	}

	@Override
	public synchronized int deleteApp(@Nullable String partitionKey, String appId) {
		StoredApp app = this.apps.remove(new AppKey(PartitionKeys.normalize(partitionKey), appId));
		return (app != null) ? app.steps.size() : 0;
	}

	@Override
	public synchronized int pruneKeepLast(@Nullable String partitionKey, String appId, int keepLast) {
		StoreArguments.checkKeepLast(keepLast);
		StoredApp app = this.apps.get(new AppKey(PartitionKeys.normalize(partitionKey), appId));
		int deleted = 0;
		while (app != null && app.steps.size() > keepLast) {
			app.steps.pollFirstEntry();
			deleted++;
		}
		return deleted;
	}

	@Override
	public synchronized int pruneOlderThan(@Nullable String partitionKey, String appId, Instant cutoff) {
		StoredApp app = this.apps.get(new AppKey(PartitionKeys.normalize(partitionKey), appId));
		if (app == null || app.steps.isEmpty()) {
			return 0;
		}
		long latest = app.steps.lastKey();
		int before = app.steps.size();
		app.steps.values().removeIf(step -> step.sequenceId() != latest && step.createdAt().isBefore(cutoff));
		return before - app.steps.size();
	}

	private List<Map.Entry<AppKey, StoredApp>> appsOf(@Nullable String partitionKey) {
		String normalized = PartitionKeys.normalize(partitionKey);
		List<Map.Entry<AppKey, StoredApp>> matching = new ArrayList<>();
		for (Map.Entry<AppKey, StoredApp> entry : this.apps.entrySet()) {
			if (entry.getKey().partitionKey.equals(normalized) && !entry.getValue().steps.isEmpty()) {
				matching.add(entry);
			}
		}
		matching.sort(Comparator.comparingLong((Map.Entry<AppKey, StoredApp> e) -> e.getValue().lastWrite).reversed());
		return matching;
	}

	private record AppKey(String partitionKey, String appId) {
	}

	private static final class StoredApp {

		private final TreeMap<Long, PersistedState> steps = new TreeMap<>();

		private long lastWrite;

	}

}
