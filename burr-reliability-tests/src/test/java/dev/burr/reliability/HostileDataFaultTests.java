package dev.burr.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import dev.burr.core.Actions;
import dev.burr.core.Application;
import dev.burr.core.ApplicationBuilder;
import dev.burr.core.State;
import dev.burr.jdbc.JdbcStatePersister;
import dev.burr.jdbc.test.TestDatabases;
import dev.burr.persistence.BurrPersistenceException;
import dev.burr.persistence.PersistedState;
import dev.burr.persistence.StateStore;
import dev.burr.persistence.Status;
import dev.burr.redis.RedisStatePersister;
import dev.burr.redis.test.TestRedis;
import dev.burr.serde.StateSerde;
import dev.burr.tracking.LocalTrackingClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.core.type.TypeReference;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Category 4, hostile data in storage and in requests, on PostgreSQL, SQLite, Redis and the tracker: each input
 * must give a defined exception ({@link BurrPersistenceException} for what storage holds,
 * {@link IllegalArgumentException} for arguments a backend documents it refuses) or an exact round trip; never
 * another application's data (a bystander application is checked intact at the end), never a class
 * instantiated because the data named it ({@link Canary} counts its constructions, and a {@code ProcessBuilder}
 * payload would create a file).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class HostileDataFaultTests {

	static final String PK = "hostile";

	static final String NASTY = "nul[\u0000] lone-high[\uD800] lone-low[\uDC00] reversed[\uDC00\uD800] pair[\uD83D\uDE00] "
			+ "bom[\uFEFF] nonchar[\uFFFF] quote[\"] backslash[\\] ctl[\u0001\u001F] é日本";

	/** Ids full of SQL, Lua, glob, Redis-key and path metacharacters, next to the plain ids they resemble. */
	static final List<String> IDS = List.of("a", "ab", "a%", "a_", "a*", "a?", "a[b]", "a[^b]", "a\\*", "a:b", "a:",
			":a", "{a}", "a%3A", "x'; DROP TABLE burr_state; --", "' OR '1'='1", "\" OR 1=1 --", "$1", "?", "%",
			"_", "*", "]]..redis.call('FLUSHALL')..[[", "\"); redis.call('del', KEYS[1]) --", "a\nb", "a\tb", "a b",
			"é日本", "😀");

	@TempDir
	static Path work;

	private JdbcTemplate pgJdbc;

	private JdbcTemplate sqliteJdbc;

	private String pgTable;

	private String sqliteTable;

	private String namespace;

	private Path pwned;

	private final Map<String, StateStore> stores = new LinkedHashMap<>();

	@BeforeAll
	void open() {
		this.pwned = work.resolve("pwned");
		this.pgJdbc = new JdbcTemplate(TestDatabases.postgres().dataSource());
		this.pgTable = TestDatabases.uniqueTableName("rel_hostile");
		JdbcStatePersister postgres = JdbcStatePersister.builder(TestDatabases.postgres().dataSource())
			.tableName(this.pgTable).build();
		postgres.initialize();
		Path sqliteFile = work.resolve("hostile.db");
		this.sqliteJdbc = new JdbcTemplate(TestDatabases.sqlite(sqliteFile));
		this.sqliteTable = TestDatabases.uniqueTableName("rel_hostile");
		JdbcStatePersister sqlite = JdbcStatePersister.builder(TestDatabases.sqlite(sqliteFile))
			.tableName(this.sqliteTable).build();
		sqlite.initialize();
		this.namespace = TestRedis.uniqueNamespace();
		RedisStatePersister redis = RedisStatePersister.builder(TestRedis.connectionFactory())
			.namespace(this.namespace).build();
		this.stores.put("postgres", postgres);
		this.stores.put("sqlite", sqlite);
		this.stores.put("redis", redis);
		Canary.CONSTRUCTED.set(0);
	}

	@AfterAll
	void cleanUp() {
		this.pgJdbc.execute("DROP TABLE IF EXISTS " + this.pgTable);
		this.pgJdbc.execute("DROP TABLE IF EXISTS " + this.pgTable + "_schema_history");
		TestRedis.deleteKeysStartingWith(this.namespace + ":");
	}

	@Test
	void postgres() {
		exercisePersister("postgres");
	}

	@Test
	void sqlite() {
		exercisePersister("sqlite");
	}

	@Test
	void redis() {
		exercisePersister("redis");
	}

	private void exercisePersister(String backend) {
		long started = System.nanoTime();
		StateStore store = this.stores.get(backend);
		Tally tally = new Tally(backend);
		List<PersistedState> bystander = saveBystander(store);

		storedPayloads(backend, store, tally);
		registeredTypesOnly(backend, tally);
		nulAndSurrogates(backend, store, tally);
		largeState(backend, store, tally);
		longIds(backend, store, tally);
		metacharacterIds(backend, store, tally);
		namespacesAndTableNames(backend, tally);

		List<PersistedState> after = store.history(PK, "bystander");
		long lost = bystander.size() - after.stream().filter(step -> bystander.stream()
			.anyMatch(b -> b.sequenceId() == step.sequenceId() && b.state().equals(step.state()))).count();
		finish(tally, lost, started);
	}

	private List<PersistedState> saveBystander(StateStore store) {
		for (int i = 0; i < 3; i++) {
			store.save(PK, "bystander", i, CounterApp.positionOf(i), State.of(Map.of("owner", "bystander", "i", i)),
					Status.COMPLETED);
		}
		return store.history(PK, "bystander");
	}

	// --- hostile JSON in storage -------------------------------------------------------------------------------

	private void storedPayloads(String backend, StateStore store, Tally tally) {
		String touch = "[\"touch\",\"" + this.pwned.toString().replace("\\", "\\\\") + "\"]";
		Map<String, String> refused = new LinkedHashMap<>();
		refused.put("truncated JSON", "{\"counter\": 1, \"x\": \"abc");
		refused.put("JSON array", "[1, 2, 3]");
		refused.put("JSON string", "\"just a string\"");
		refused.put("JSON number", "42");
		refused.put("JSON null", "null");
		refused.put("empty text", "");
		refused.put("unknown marker", "{\"x\":{\"__burr_serde__\":\"no_such_marker\",\"v\":1}}");
		refused.put("JDK class as marker",
				"{\"x\":{\"__burr_serde__\":\"java.lang.ProcessBuilder\",\"command\":" + touch + "}}");
		refused.put("canary class as marker", "{\"x\":{\"__burr_serde__\":\"" + Canary.class.getName()
				+ "\",\"name\":\"n\"}}");
		refused.put("marker in a list", "{\"x\":[1,{\"__burr_serde__\":\"java.lang.Runtime\"}]}");
		int n = 0;
		for (Map.Entry<String, String> payload : refused.entrySet()) {
			String appId = "stored-" + (n++);
			if (!inject(backend, store, appId, payload.getValue(), tally, payload.getKey())) {
				continue;
			}
			tally.expectThrows(payload.getKey() + ": load", BurrPersistenceException.class,
					() -> store.load(PK, appId));
			tally.expectThrows(payload.getKey() + ": history", BurrPersistenceException.class,
					() -> store.history(PK, appId));
			tally.expectThrows(payload.getKey() + ": rebuild", BurrPersistenceException.class,
					() -> CounterApp.resume(store, PK, appId, "hostile", new Random(1), 0));
		}
		Map<String, Map<String, Object>> plain = new LinkedHashMap<>();
		plain.put("{\"x\":{\"@class\":\"java.lang.ProcessBuilder\",\"command\":" + touch + "}}",
				Map.of("@class", "java.lang.ProcessBuilder", "command", List.of("touch", this.pwned.toString())));
		plain.put("{\"x\":{\"@class\":\"" + Canary.class.getName() + "\",\"name\":\"n\"}}",
				Map.of("@class", Canary.class.getName(), "name", "n"));
		plain.put("{\"x\":[\"java.lang.ProcessBuilder\",{\"command\":" + touch + "}]}",
				Map.of("@list", List.of("java.lang.ProcessBuilder", Map.of("command",
						List.of("touch", this.pwned.toString())))));
		for (Map.Entry<String, Map<String, Object>> payload : plain.entrySet()) {
			String appId = "stored-" + (n++);
			if (!inject(backend, store, appId, payload.getKey(), tally, "type-naming JSON")) {
				continue;
			}
			Object expected = payload.getValue().containsKey("@list") ? payload.getValue().get("@list")
					: payload.getValue();
			tally.expectEqual("type-naming JSON " + payload.getKey() + " loads as plain data", expected,
					() -> store.load(PK, appId).orElseThrow().state().get("x"));
		}
		tally.expectEqual("no Canary constructed", 0, Canary.CONSTRUCTED::get);
		tally.expectEqual("no ProcessBuilder started", false, () -> Files.exists(this.pwned));
	}

	/**
	 * Stores a valid step 0 for {@code appId}, then overwrites its stored state with {@code json} behind the
	 * persister's back. False when the database itself refuses the text (PostgreSQL JSONB and invalid JSON), which
	 * counts as a defined outcome.
	 */
	private boolean inject(String backend, StateStore store, String appId, String json, Tally tally, String what) {
		store.save(PK, appId, 0, "a", State.of(Map.of("counter", 1)), Status.COMPLETED);
		try {
			switch (backend) {
				case "postgres" -> this.pgJdbc.update("UPDATE " + this.pgTable
						+ " SET state = CAST(? AS JSONB) WHERE partition_key = ? AND app_id = ?", json, PK, appId);
				case "sqlite" -> this.sqliteJdbc.update("UPDATE " + this.sqliteTable
						+ " SET state = ? WHERE partition_key = ? AND app_id = ?", json, PK, appId);
				case "redis" -> new StringRedisTemplate(TestRedis.connectionFactory()).opsForHash()
					.put(this.namespace + ":" + PK + ":" + appId + ":0", "state", json);
				default -> throw new IllegalArgumentException(backend);
			}
			return true;
		}
		catch (org.springframework.dao.DataAccessException ex) {
			tally.runs++;
			tally.faults++;
			if (!"postgres".equals(backend)) {
				tally.problems.add(what + ": could not inject: " + ex);
			}
			return false;
		}
	}

	/** With codecs registered, only registered types are created; {@code @class} stays data. */
	private void registeredTypesOnly(String backend, Tally tally) {
		StateSerde serde = StateSerde.builder()
			.type(Registered.class, "registered")
			.field("anything", new TypeReference<Object>() {
			})
			.field("registeredField", new TypeReference<Registered>() {
			})
			.build();
		tally.expectEqual("registered marker gives the registered type", new Registered("n"),
				() -> serde.fromJson("{\"r\":{\"__burr_serde__\":\"registered\",\"name\":\"n\"}}").get("r"));
		tally.expectEqual("@class in a field typed Object stays a map",
				Map.of("@class", Canary.class.getName(), "name", "n"),
				() -> serde.fromJson("{\"anything\":{\"@class\":\"" + Canary.class.getName() + "\",\"name\":\"n\"}}")
					.get("anything"));
		tally.expectThrowsOrEqual("@class inside a registered type", new Registered("n"),
				() -> serde.fromJson("{\"r\":{\"__burr_serde__\":\"registered\",\"@class\":\""
						+ Canary.class.getName() + "\",\"name\":\"n\"}}").get("r"));
		tally.expectThrowsOrEqual("@class inside a typed field", new Registered("n"),
				() -> serde.fromJson("{\"registeredField\":{\"@class\":\"" + Canary.class.getName()
						+ "\",\"name\":\"n\"}}").get("registeredField"));
		tally.expectEqual("no Canary constructed by registered codecs", 0, Canary.CONSTRUCTED::get);
	}

	// --- hostile requests ----------------------------------------------------------------------------------------

	private void nulAndSurrogates(String backend, StateStore store, Tally tally) {
		State nasty = State.of(Map.of("s", NASTY, "list", List.of(NASTY, "\u0000"), "map",
				Map.of("k\u0000\uD800", NASTY)));
		String withoutNul = NASTY.replace("\u0000", "");
		State surrogatesOnly = State.of(Map.of("s", withoutNul));
		State valid = State.of(Map.of("s", "pair[\uD83D\uDE00] bom[\uFEFF] ctl[\u0001] é日本 \"\\"));
		tally.expectEqual("serde round trip of NUL and lone surrogates", nasty.asMap(),
				() -> StateSerde.defaults().fromJson(StateSerde.defaults().toJson(nasty)).asMap());
		if ("postgres".equals(backend)) {
			tally.expectThrows("PostgreSQL JSONB refuses NUL", BurrPersistenceException.class,
					() -> save(store, "nul", nasty));
			tally.expectThrows("PostgreSQL JSONB refuses lone surrogates", BurrPersistenceException.class,
					() -> save(store, "surrogates", surrogatesOnly));
			tally.expectEqual("nothing stored for the refused states", Optional.empty(),
					() -> store.load(PK, "nul").or(() -> store.load(PK, "surrogates")));
			Application app = nastyApp(store, "nul-app");
			tally.expectThrows("a step writing NUL fails on PostgreSQL", BurrPersistenceException.class,
					() -> app.step(Map.of("s", NASTY)));
			tally.expectEqual("and the app did not advance", -1L, () -> app.sequenceId().orElse(-1));
		}
		else {
			tally.expectEqual("exact round trip of NUL and lone surrogates", nasty.asMap(),
					() -> withoutKeys(save(store, "nul", nasty)));
			Application app = nastyApp(store, "nul-app");
			tally.expectEqual("a step writing NUL and lone surrogates", NASTY, () -> {
				app.step(Map.of("s", NASTY));
				return store.load(PK, "nul-app").orElseThrow().state().get("s");
			});
		}
		tally.expectEqual("exact round trip of valid non-ASCII", valid.asMap(),
				() -> withoutKeys(save(store, "valid-unicode", valid)));
	}

	private static Application nastyApp(StateStore store, String appId) {
		return ApplicationBuilder.create()
			.withAction("write", Actions.action(List.of(), List.of("s"), List.of("s"),
					(state, inputs) -> state.update("s", inputs.get("s"))))
			.withTransitions()
			.initializeFrom(store, true, Map.of(), "write")
			.withStatePersister(store)
			.withIdentifiers(appId, PK)
			.build();
	}

	private void largeState(String backend, StateStore store, Tally tally) {
		Random random = new Random(Summary.seed());
		StringBuilder big = new StringBuilder(50 * 1024 * 1024);
		while (big.length() < 50 * 1024 * 1024) {
			int c = random.nextInt(100);
			big.append((c < 95) ? (char) ('a' + random.nextInt(26)) : (c < 98) ? '"' : (c < 99) ? 'é' : '\n');
		}
		State state = State.of(Map.of("big", big.toString(), "counter", 1));
		big.setLength(0);
		tally.expectEqual("a 50 MB state round trips exactly", state.asMap(),
				() -> withoutKeys(save(store, "big", state)));
		store.deleteApp(PK, "big");
	}

	private void longIds(String backend, StateStore store, Tally tally) {
		String longId = "L".repeat(9_990) + "%_*?[]:{}";
		State state = State.of(Map.of("owner", "long"));
		if ("redis".equals(backend)) {
			tally.expectEqual("10,000-character app id", state.asMap(), () -> withoutKeys(save(store, longId, state)));
			tally.expectEqual("10,000-character partition key", state.asMap(), () -> {
				store.save(longId, "app", 0, "a", state, Status.COMPLETED);
				return withoutKeys(store.load(longId, "app").orElseThrow().state());
			});
			tally.expectEqual("listed under the long partition key", List.of("app"), () -> store.listAppIds(longId));
		}
		else {
			tally.expectThrows("10,000-character app id refused", IllegalArgumentException.class,
					() -> save(store, longId, state));
			tally.expectThrows("10,000-character partition key refused", IllegalArgumentException.class,
					() -> {
						store.save(longId, "app", 0, "a", state, Status.COMPLETED);
						return null;
					});
			tally.expectEqual("loading a 10,000-character app id finds nothing", Optional.empty(),
					() -> store.load(PK, longId));
		}
	}

	private void metacharacterIds(String backend, StateStore store, Tally tally) {
		String partition = "meta-" + UUID.randomUUID();
		State nulOwner = State.of(Map.of("owner", "nul id"));
		if ("redis".equals(backend)) {
			tally.expectEqual("an app id with NUL round trips", nulOwner.asMap(),
					() -> withoutKeys(save(store, "a\u0000b", nulOwner)));
			tally.expectEqual("and is not the app id without it", Optional.empty(), () -> store.load(PK, "ab"));
		}
		else {
			tally.expectThrows("an app id with NUL is refused", IllegalArgumentException.class,
					() -> save(store, "a\u0000b", nulOwner));
		}
		for (String id : IDS) {
			store.save(partition, id, 0, "a", State.of(Map.of("owner", id)), Status.COMPLETED);
		}
		for (String id : IDS) {
			tally.expectEqual("id " + printable(id) + " loads its own step", id,
					() -> store.load(partition, id).orElseThrow().state().get("owner"));
			tally.expectEqual("id " + printable(id) + " has only its own history", List.of(id),
					() -> store.history(partition, id).stream().map(s -> s.state().get("owner")).toList());
		}
		tally.expectEqual("listAppIds lists exactly the ids", new HashSet<>(IDS),
				() -> new HashSet<>(store.listAppIds(partition)));
		for (String deleted : List.of("a*", "a%", "a_", "a?", "a[b]", "*", "%", "_")) {
			tally.expectEqual("deleting " + deleted + " deletes one step", 1, () -> store.deleteApp(partition, deleted));
		}
		tally.expectEqual("the look-alike ids survive the deletes", List.of("a", "ab", "a:b", "a\\*"),
				() -> List.of("a", "ab", "a:b", "a\\*").stream()
					.filter(id -> store.load(partition, id).isPresent()).toList());
		// the same app id under partition keys that look alike
		List<String> partitions = List.of("p", "p%", "p_", "p*", "p?", "p[a]", "p:x", "p:", "x'; DROP TABLE t; --",
				"]]..redis.call('FLUSHALL')..[[");
		for (String pk : partitions) {
			store.save(pk + partition, "same-app", 0, "a", State.of(Map.of("owner", pk)), Status.COMPLETED);
		}
		for (String pk : partitions) {
			tally.expectEqual("partition key " + pk + " loads its own step", pk,
					() -> store.load(pk + partition, "same-app").orElseThrow().state().get("owner"));
			tally.expectEqual("partition key " + pk + " lists one app", List.of("same-app"),
					() -> store.listAppIds(pk + partition));
		}
	}

	private void namespacesAndTableNames(String backend, Tally tally) {
		List<String> names = List.of("ns*", "ns?", "ns[a]", "ns:x", "x'; DROP TABLE t; --", "ns\"", "ns x",
				"]]..redis.call('FLUSHALL')..[[", "ns\u0000");
		for (String name : names) {
			if ("redis".equals(backend)) {
				tally.expectThrows("namespace " + printable(name) + " refused", IllegalArgumentException.class,
						() -> RedisStatePersister.builder(TestRedis.connectionFactory()).namespace(name).build());
			}
			else {
				tally.expectThrows("table name " + printable(name) + " refused", IllegalArgumentException.class,
						() -> JdbcStatePersister.builder(TestDatabases.postgres().dataSource()).tableName(name)
							.build());
			}
		}
	}

	// --- user data that looks like a serde marker --------------------------------------------------------------

	/**
	 * A map in user data (an input a request carried, say) whose key is {@code __burr_serde__} is refused when
	 * saved, naming the field: stored as it is, it would load as a registered type built from the user's data, or
	 * fail every later load for an unknown marker.
	 */
	@Test
	void userMapsNamingAMarkerAreRefused() {
		StateSerde serde = StateSerde.builder().type(Registered.class, "registered").build();
		StateStore sqlite = JdbcStatePersister.builder(TestDatabases.sqlite(work.resolve("hostile.db")))
			.tableName(this.sqliteTable).serde(serde).build();
		Map<String, Object> registered = Map.of(StateSerde.MARKER_KEY, "registered", "name", "from a request");
		Map<String, Object> unknown = Map.of(StateSerde.MARKER_KEY, "java.lang.ProcessBuilder", "command",
				List.of("touch", this.pwned.toString()));
		for (Map<String, Object> value : List.of(registered, unknown)) {
			String appId = "marker-lookalike-" + value.get(StateSerde.MARKER_KEY);
			State state = State.of(Map.of("x", value));
			assertThatThrownBy(() -> sqlite.save(PK, appId, 0, "a", state, Status.COMPLETED))
				.isInstanceOf(dev.burr.serde.StateSerdeException.class)
				.hasMessageContaining("\"x\"")
				.hasMessageContaining(StateSerde.MARKER_KEY);
			assertThat(sqlite.load(PK, appId)).isEmpty();
		}
		assertThat(Canary.CONSTRUCTED.get()).isZero();
	}

	// --- the tracker -----------------------------------------------------------------------------------------------

	@Test
	void tracker() throws IOException {
		long started = System.nanoTime();
		Tally tally = new Tally("tracker");
		LocalTrackingClient tracker = new LocalTrackingClient("hostile", work.resolve("tracker"));
		Application bystanderApp = CounterApp.resumeTracked(tracker, "bystander", "b", new Random(1), 0);
		for (int i = 0; i < 3; i++) {
			bystanderApp.step();
		}
		PersistedState bystander = tracker.load(CounterApp.PARTITION, "bystander").orElseThrow();

		String touch = "[\"touch\",\"" + this.pwned.toString().replace("\\", "\\\\") + "\"]";
		Map<String, String> refused = new LinkedHashMap<>();
		refused.put("state is an array", "[1,2,3]");
		refused.put("state is a string", "\"x\"");
		refused.put("unknown marker", "{\"counter\":2,\"x\":{\"__burr_serde__\":\"no_such_marker\"}}");
		refused.put("JDK class as marker",
				"{\"counter\":2,\"x\":{\"__burr_serde__\":\"java.lang.ProcessBuilder\",\"command\":" + touch + "}}");
		refused.put("canary as marker", "{\"counter\":2,\"x\":{\"__burr_serde__\":\"" + Canary.class.getName() + "\"}}");
		int n = 0;
		for (Map.Entry<String, String> payload : refused.entrySet()) {
			String appId = "trk-" + (n++);
			oneStep(tracker, appId);
			append(tracker, appId, endEntry(1, payload.getValue()) + "\n");
			tally.expectThrows(payload.getKey() + ": load", BurrPersistenceException.class,
					() -> tracker.load(CounterApp.PARTITION, appId));
			tally.expectThrows(payload.getKey() + ": rebuild", BurrPersistenceException.class,
					() -> CounterApp.resumeTracked(tracker, appId, "x", new Random(1), 0));
		}
		String classy = "trk-" + (n++);
		oneStep(tracker, classy);
		append(tracker, classy, endEntry(1, "{\"counter\":2,\"x\":{\"@class\":\"" + Canary.class.getName()
				+ "\",\"command\":" + touch + "}}") + "\n");
		tally.expectEqual("@class loads as plain data", Map.of("@class", Canary.class.getName(), "command",
				List.of("touch", this.pwned.toString())),
				() -> tracker.load(CounterApp.PARTITION, classy).orElseThrow().state().get("x"));
		String torn = "trk-" + (n++);
		oneStep(tracker, torn);
		append(tracker, torn, endEntry(1, "{\"counter\":2}").substring(0, 40) + "\n");
		append(tracker, torn, "{\"type\":\"end_entry\",\"sequence_id\":2,\"state\":{\"counter\":3}"); // torn tail
		tally.expectEqual("torn lines are skipped: the last whole step loads", 0L,
				() -> tracker.load(CounterApp.PARTITION, torn).orElseThrow().sequenceId());
		tally.expectEqual("and the app resumes after it", Optional.of("b"),
				() -> CounterApp.resumeTracked(tracker, torn, "x", new Random(1), 0).nextAction());

		Application nasty = ApplicationBuilder.create()
			.withAction("write", Actions.action(List.of(), List.of("s"), List.of("s"),
					(state, inputs) -> state.update("s", inputs.get("s"))))
			.withTransitions()
			.initializeFrom(tracker, true, Map.of(), "write")
			.withTracker(tracker)
			.withIdentifiers("nasty", PK)
			.build();
		tally.expectEqual("NUL and lone surrogates round trip through the tracker", NASTY, () -> {
			nasty.step(Map.of("s", NASTY));
			return tracker.load(PK, "nasty").orElseThrow().state().get("s");
		});

		for (String id : IDS) {
			if (id.indexOf('/') >= 0 || id.indexOf('\\') >= 0) {
				continue;
			}
			tally.expectEqual("tracker id " + printable(id), 1, () -> {
				Application app = CounterApp.resumeTracked(tracker, id, "m", new Random(1), 0);
				app.step();
				return tracker.load(CounterApp.PARTITION, id).orElseThrow().state().get("counter");
			});
		}
		for (String id : List.of("..", ".", "a/b", "../escape", "a\\*", "a\u0000b")) {
			tally.expectThrows("tracker refuses app id " + printable(id), IllegalArgumentException.class,
					() -> CounterApp.resumeTracked(tracker, id, "m", new Random(1), 0));
		}
		String longId = "L".repeat(10_000);
		tally.expectThrowsAny("tracker with a 10,000-character app id",
				List.of(IllegalArgumentException.class, BurrPersistenceException.class, UncheckedIOException.class),
				() -> CounterApp.resumeTracked(tracker, longId, "m", new Random(1), 0).step());
		tally.expectEqual("no Canary constructed", 0, Canary.CONSTRUCTED::get);
		tally.expectEqual("no ProcessBuilder started", false, () -> Files.exists(this.pwned));

		PersistedState after = tracker.load(CounterApp.PARTITION, "bystander").orElseThrow();
		long lost = (after.sequenceId() == bystander.sequenceId() && after.state().equals(bystander.state())) ? 0 : 1;
		finish(tally, lost, started);
	}

	private static void oneStep(LocalTrackingClient tracker, String appId) {
		CounterApp.resumeTracked(tracker, appId, "t", new Random(1), 0).step();
	}

	private static String endEntry(long sequenceId, String stateJson) {
		return "{\"type\":\"end_entry\",\"end_time\":\"2026-01-01T00:00:00.000000\",\"action\":\"b\",\"result\":null,"
				+ "\"exception\":null,\"state\":" + stateJson + ",\"sequence_id\":" + sequenceId + "}";
	}

	private static void append(LocalTrackingClient tracker, String appId, String text) {
		try {
			Files.writeString(tracker.appDirectory(appId).resolve("log.jsonl"), text, StandardCharsets.UTF_8,
					StandardOpenOption.APPEND);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	// --- helpers -----------------------------------------------------------------------------------------------

	private static State save(StateStore store, String appId, State state) {
		store.save(PK, appId, 0, "a", state, Status.COMPLETED);
		return store.load(PK, appId).orElseThrow().state();
	}

	private static Map<String, Object> withoutKeys(State state) {
		Map<String, Object> values = new LinkedHashMap<>(state.asMap());
		values.keySet().removeIf(key -> key.startsWith("__"));
		return values;
	}

	private static String printable(String id) {
		StringBuilder out = new StringBuilder();
		id.codePoints().forEach(c -> out.append((c < 0x20 || c == 0x7f) ? String.format("\\u%04x", c)
				: new String(Character.toChars(c))));
		return "'" + out + "'";
	}

	private static void finish(Tally tally, long lost, long started) {
		if (Canary.CONSTRUCTED.get() != 0) {
			tally.problems.add("Canary was constructed " + Canary.CONSTRUCTED.get() + " times");
		}
		Summary.print("hostile", tally.backend, tally.runs, tally.faults, tally.problems.size(), lost,
				"definedExceptions=" + tally.definedExceptions + " exactRoundTrips=" + tally.roundTrips + " time="
						+ TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started) + "s");
		assertThat(tally.problems).isEmpty();
		assertThat(lost).isZero();
	}

	@FunctionalInterface
	interface Attempt {

		Object get() throws Exception;

	}

	/** What one backend did with the hostile inputs. */
	static final class Tally {

		final String backend;

		long runs;

		long faults;

		long definedExceptions;

		long roundTrips;

		final List<String> problems = new ArrayList<>();

		Tally(String backend) {
			this.backend = backend;
		}

		void expectThrows(String what, Class<? extends Throwable> expected, Attempt attempt) {
			expectThrowsAny(what, List.of(expected), attempt);
		}

		void expectThrowsAny(String what, List<Class<? extends Throwable>> expected, Attempt attempt) {
			this.runs++;
			this.faults++;
			try {
				Object result = attempt.get();
				this.problems.add(this.backend + ": " + what + ": expected " + expected + " but got "
						+ abbreviate(result));
			}
			catch (Throwable ex) {
				if (expected.stream().anyMatch(type -> type.isInstance(ex))) {
					this.definedExceptions++;
				}
				else {
					this.problems.add(this.backend + ": " + what + ": expected " + expected + " but got " + ex);
				}
			}
		}

		void expectEqual(String what, Object expected, Attempt attempt) {
			this.runs++;
			this.faults++;
			try {
				Object actual = attempt.get();
				if (Objects.equals(expected, actual)) {
					this.roundTrips++;
				}
				else {
					this.problems.add(this.backend + ": " + what + ": expected " + abbreviate(expected) + " but got "
							+ abbreviate(actual));
				}
			}
			catch (Throwable ex) {
				this.problems.add(this.backend + ": " + what + ": " + ex);
			}
		}

		/** A defined exception, or exactly {@code expected}. */
		void expectThrowsOrEqual(String what, Object expected, Attempt attempt) {
			this.runs++;
			this.faults++;
			try {
				Object actual = attempt.get();
				if (Objects.equals(expected, actual)) {
					this.roundTrips++;
				}
				else {
					this.problems.add(this.backend + ": " + what + ": expected " + abbreviate(expected) + " but got "
							+ abbreviate(actual));
				}
			}
			catch (BurrPersistenceException | dev.burr.serde.StateSerdeException ex) {
				this.definedExceptions++;
			}
			catch (Throwable ex) {
				this.problems.add(this.backend + ": " + what + ": " + ex);
			}
		}

		private static String abbreviate(Object value) {
			String text = String.valueOf(value);
			return (text.length() > 300) ? text.substring(0, 300) + "...(" + text.length() + " chars)" : text;
		}

	}

}
