package dev.burr.persistence;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.burr.core.State;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Burr's persister contract (reference section 6, scenarios A1 to A16) with DESIGN.md section 4's changes,
 * run against every {@link StateStore}. Subclasses give a store on fresh, empty storage.
 */
public abstract class StateStoreContractTests {

	protected StateStore store;

	/** A new store on empty storage; {@link StateSaver#initialize()} not yet called. */
	protected abstract StateStore createUninitializedStore();

	/** A second store object on the same storage as {@link #store} (Burr's A7 and A13). */
	protected abstract StateStore createSecondInstanceOnSameStorage();

	/** Whether {@link StateSaver#isInitialized()} can be false for this backend (A5). */
	protected boolean hasSchema() {
		return true;
	}

	/** The state each app's last step was saved with through {@link #save}, by partition key and app id. */
	private final Map<String, PersistedState> lastSaved = new ConcurrentHashMap<>();

	/**
	 * Saves a step as the engine does: told what it changed since the app's step before it, when that step was
	 * saved here (else the change is unknown), so that a layout storing changes is exercised.
	 */
	protected void save(@Nullable String partitionKey, String appId, long sequenceId, String position, State state,
			Status status) {
		String key = PartitionKeys.normalize(partitionKey) + "\u0000" + appId;
		PersistedState previous = this.lastSaved.get(key);
		StateChange change = (previous != null && previous.sequenceId() == sequenceId - 1)
				? StateChange.between(previous.state(), state) : StateChange.unknown();
		this.store.save(partitionKey, appId, sequenceId, position, state, status, change);
		this.lastSaved.put(key, new PersistedState(PartitionKeys.normalize(partitionKey), appId, sequenceId, position,
				state, Instant.EPOCH, status));
	}

	@BeforeEach
	void createStore() {
		this.store = createUninitializedStore();
		this.store.initialize();
	}

	@Test
	void a1InitializeCreatesStorage() {
		assertThat(this.store.listAppIds("partition_key")).isEmpty();
	}

	@Test
	void a2SaveThenLoadLatest() {
		save("partition_key", "app_id", 1, "position", State.of(Map.of("key", "value")), Status.COMPLETED);
		PersistedState loaded = this.store.load("partition_key", "app_id").orElseThrow();
		assertThat(loaded.state().asMap()).isEqualTo(Map.of("key", "value"));
		assertThat(loaded.partitionKey()).isEqualTo("partition_key");
		assertThat(loaded.appId()).isEqualTo("app_id");
		assertThat(loaded.sequenceId()).isEqualTo(1);
		assertThat(loaded.position()).isEqualTo("position");
		assertThat(loaded.status()).isEqualTo(Status.COMPLETED);
		assertThat(loaded.createdAt()).isBetween(Instant.now().minusSeconds(120), Instant.now().plusSeconds(120));
	}

	@Test
	void a3LoadNothing() {
		assertThat(this.store.load("partition_key", "app_id")).isEmpty();
	}

	@Test
	void a4ListAppIds() {
		save("partition_key", "app_id1", 1, "position", State.of(Map.of("k", 1)), Status.COMPLETED);
		save("partition_key", "app_id2", 1, "position", State.of(Map.of("k", 2)), Status.COMPLETED);
		assertThat(this.store.listAppIds("partition_key")).containsExactlyInAnyOrder("app_id1", "app_id2");
	}

	@Test
	void a5IsInitializedFalseBeforeInitialize() {
		if (hasSchema()) {
			assertThat(createUninitializedStoreOnOtherStorage().isInitialized()).isFalse();
		}
	}

	/** A store on storage nobody initialized (another table, say); used by A5 and A15. */
	protected StateStore createUninitializedStoreOnOtherStorage() {
		return createUninitializedStore();
	}

	@Test
	void a6IsInitializedTrueAfterInitialize() {
		assertThat(this.store.isInitialized()).isTrue();
	}

	@Test
	void a7IsInitializedVisibleToSecondInstance() {
		assertThat(createSecondInstanceOnSameStorage().isInitialized()).isTrue();
	}

	@Test
	void a8NullPartitionKeyIsTheEmptyPartition() {
		assertThat(this.store.listAppIds(null)).isEmpty();
		assertThat(this.store.load(null, "foo")).isEmpty();
		save(null, "foo", 1, "position", State.of(Map.of("key", "value")), Status.COMPLETED);
		assertThat(this.store.load(null, "foo").orElseThrow().state().asMap()).isEqualTo(Map.of("key", "value"));
		assertThat(this.store.load("", "foo").orElseThrow().partitionKey()).isEmpty();
		assertThat(this.store.listAppIds(null)).containsExactly("foo");
		assertThat(this.store.listAppIds("")).containsExactly("foo");
	}

	@Test
	void a9LoadExactSequenceId() {
		save("pk", "app_id", 1, "pos", State.of(Map.of("a", 1, "b", 2)), Status.COMPLETED);
		save("pk", "app_id", 2, "pos", State.of(Map.of("a", 3, "b", 4)), Status.COMPLETED);
		assertThat(this.store.load("pk", "app_id", 1L).orElseThrow().state().asMap()).isEqualTo(Map.of("a", 1, "b", 2));
		assertThat(this.store.load("pk", "app_id", 7L)).isEmpty();
	}

	@Test
	void a10ListAfterSavesWithDifferentSequenceIds() {
		save("pk", "app_id1", 1, "pos", State.empty(), Status.COMPLETED);
		save("pk", "app_id2", 2, "pos", State.empty(), Status.COMPLETED);
		assertThat(this.store.listAppIds("pk")).containsExactlyInAnyOrder("app_id1", "app_id2");
	}

	@Test
	void a11LoadUnknownApp() {
		save("pk", "known", 0, "pos", State.empty(), Status.COMPLETED);
		assertThat(this.store.load("pk", "unknown")).isEmpty();
		assertThat(this.store.load("other", "known")).isEmpty();
	}

	@Test
	void a13SecondInstanceReadsWhatTheFirstWrote() {
		save("pk", "app", 1, "pos", State.of(Map.of("x", "y")), Status.COMPLETED);
		assertThat(createSecondInstanceOnSameStorage().load("pk", "app", 1L).orElseThrow().state().asMap())
			.isEqualTo(Map.of("x", "y"));
	}

	@Test
	void a14NullPartitionKeyRoundTripWithFailedStatus() {
		save(null, "app_id_none", 1, "pos1", State.of(Map.of("foo", "bar")), Status.FAILED);
		save(null, "app_id_none2", 2, "pos2", State.of(Map.of("foo", "baz")), Status.COMPLETED);
		PersistedState first = this.store.load(null, "app_id_none", 1L).orElseThrow();
		assertThat(first.state().asMap()).isEqualTo(Map.of("foo", "bar"));
		assertThat(first.status()).isEqualTo(Status.FAILED);
		assertThat(this.store.load(null, "app_id_none2", 2L).orElseThrow().state().asMap())
			.isEqualTo(Map.of("foo", "baz"));
	}

	@Test
	void a15StorageNobodyInitializedIsNotInitialized() {
		if (hasSchema()) {
			assertThat(createUninitializedStoreOnOtherStorage().isInitialized()).isFalse();
		}
	}

	@Test
	void savingATakenStepThrowsConflictAndKeepsTheFirst() {
		save("pk", "app", 3, "first", State.of(Map.of("v", 1)), Status.COMPLETED);
		assertThatThrownBy(
				() -> save("pk", "app", 3, "second", State.of(Map.of("v", 2)), Status.COMPLETED))
			.isInstanceOf(StateConflictException.class)
			.hasMessageContaining("app")
			.hasMessageContaining("3")
			.satisfies(ex -> {
				StateConflictException conflict = (StateConflictException) ex;
				assertThat(conflict.getAppId()).isEqualTo("app");
				assertThat(conflict.getSequenceId()).isEqualTo(3);
			});
		PersistedState kept = this.store.load("pk", "app", 3L).orElseThrow();
		assertThat(kept.position()).isEqualTo("first");
		assertThat(this.store.history("pk", "app")).hasSize(1);
	}

	@Test
	void concurrentSavesOfOneStepLeaveOneWinner() throws Exception {
		int writers = 8;
		ExecutorService pool = Executors.newFixedThreadPool(writers);
		CountDownLatch start = new CountDownLatch(1);
		List<Future<Boolean>> outcomes = new ArrayList<>();
		try {
			for (int i = 0; i < writers; i++) {
				int writer = i;
				outcomes.add(pool.submit(() -> {
					start.await();
					try {
						save("pk", "race", 5, "writer" + writer, State.of(Map.of("w", writer)),
								Status.COMPLETED);
						return true;
					}
					catch (StateConflictException ex) {
						return false;
					}
				}));
			}
			start.countDown();
			int wins = 0;
			for (Future<Boolean> outcome : outcomes) {
				wins += outcome.get(60, TimeUnit.SECONDS) ? 1 : 0;
			}
			assertThat(wins).isEqualTo(1);
			assertThat(this.store.history("pk", "race")).hasSize(1);
		}
		finally {
			pool.shutdownNow();
		}
	}

	@Test
	void latestIsTheHighestSequenceIdWhateverTheWriteOrder() {
		save("pk", "app", 5, "five", State.of(Map.of("n", 5)), Status.COMPLETED);
		save("pk", "app", 2, "two", State.of(Map.of("n", 2)), Status.COMPLETED);
		PersistedState latest = this.store.load("pk", "app").orElseThrow();
		assertThat(latest.sequenceId()).isEqualTo(5);
		assertThat(latest.position()).isEqualTo("five");
	}

	@Test
	void listAppIdsIsNewestActivityFirstWithoutDuplicates() throws InterruptedException {
		save("pk", "a", 0, "p", State.empty(), Status.COMPLETED);
		pause();
		save("pk", "b", 0, "p", State.empty(), Status.COMPLETED);
		pause();
		save("pk", "a", 1, "p", State.empty(), Status.COMPLETED);
		assertThat(this.store.listAppIds("pk")).containsExactly("a", "b");
		pause();
		save("pk", "b", 1, "p", State.empty(), Status.COMPLETED);
		assertThat(this.store.listAppIds("pk")).containsExactly("b", "a");
	}

	@Test
	void listAppsPagesNewestFirst() throws InterruptedException {
		for (int i = 0; i < 5; i++) {
			save("pk", "app" + i, i, "p", State.empty(), Status.COMPLETED);
			pause();
		}
		List<AppSummary> first = this.store.listApps("pk", 0, 2);
		List<AppSummary> second = this.store.listApps("pk", 2, 2);
		List<AppSummary> last = this.store.listApps("pk", 4, 2);
		assertThat(first).extracting(AppSummary::appId).containsExactly("app4", "app3");
		assertThat(second).extracting(AppSummary::appId).containsExactly("app2", "app1");
		assertThat(last).extracting(AppSummary::appId).containsExactly("app0");
		assertThat(first.get(0).latestSequenceId()).isEqualTo(4);
		assertThat(first.get(0).partitionKey()).isEqualTo("pk");
		assertThatThrownBy(() -> this.store.listApps("pk", -1, 2)).hasMessageContaining("offset");
		assertThatThrownBy(() -> this.store.listApps("pk", 0, 0)).hasMessageContaining("limit");
	}

	@Test
	void historyDeleteAndPrune() {
		for (int i = 0; i < 6; i++) {
			save("pk", "app", i, "step" + i, State.of(Map.of("i", i)), Status.COMPLETED);
		}
		save("pk", "other", 0, "p", State.empty(), Status.COMPLETED);
		assertThat(this.store.history("pk", "app")).extracting(PersistedState::sequenceId)
			.containsExactly(0L, 1L, 2L, 3L, 4L, 5L);
		assertThat(this.store.pruneKeepLast("pk", "app", 2)).isEqualTo(4);
		assertThat(this.store.history("pk", "app")).extracting(PersistedState::sequenceId).containsExactly(4L, 5L);
		assertThat(this.store.load("pk", "app").orElseThrow().sequenceId()).isEqualTo(5);
		assertThat(this.store.pruneOlderThan("pk", "app", Instant.now().plusSeconds(60))).isEqualTo(1);
		assertThat(this.store.history("pk", "app")).extracting(PersistedState::sequenceId).containsExactly(5L);
		assertThat(this.store.deleteApp("pk", "app")).isEqualTo(1);
		assertThat(this.store.load("pk", "app")).isEmpty();
		assertThat(this.store.listAppIds("pk")).containsExactly("other");
		assertThat(this.store.deleteApp("pk", "app")).isZero();
		assertThatThrownBy(() -> this.store.pruneKeepLast("pk", "other", 0)).hasMessageContaining("keepLast");
	}

	@Test
	void stateRoundTripsJsonNativeValues() {
		Map<String, Object> values = new java.util.LinkedHashMap<>();
		values.put("string", "héllo \"quoted\" ünïcødé ✓ 🦒");
		values.put("int", 42);
		values.put("long", 9_000_000_000L);
		values.put("double", 1.5);
		values.put("bool", true);
		values.put("null", null);
		values.put("list", List.of(1, "two", List.of(3)));
		values.put("map", Map.of("nested", Map.of("deep", List.of())));
		values.put(State.SEQUENCE_ID_KEY, 0);
		values.put(State.PRIOR_STEP_KEY, "pos");
		save("pk", "types", 0, "pos", State.of(values), Status.COMPLETED);
		Optional<PersistedState> loaded = this.store.load("pk", "types", 0L);
		assertThat(loaded.orElseThrow().state().asMap()).isEqualTo(values);
	}

	/** Lets stores with coarse clocks order writes; override to shorten. */
	protected void pause() throws InterruptedException {
		Thread.sleep(5);
	}

}
