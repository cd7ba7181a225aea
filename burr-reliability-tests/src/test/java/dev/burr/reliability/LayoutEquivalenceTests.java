package dev.burr.reliability;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import javax.sql.DataSource;

import dev.burr.core.Action;
import dev.burr.core.Actions;
import dev.burr.core.Application;
import dev.burr.core.ApplicationBuilder;
import dev.burr.core.Condition;
import dev.burr.core.State;
import dev.burr.core.StepResult;
import dev.burr.core.Transition;
import dev.burr.jdbc.JdbcStatePersister;
import dev.burr.jdbc.test.TestDatabases;
import dev.burr.persistence.PersistedState;
import dev.burr.persistence.StateLayout;
import dev.burr.persistence.StateStore;
import dev.burr.redis.RedisStatePersister;
import dev.burr.redis.test.TestRedis;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * Equivalence of the storage layouts on every backend: seeded random programs run through the engine, side by
 * side, on a {@link StateLayout#BURR} store and two {@link StateLayout#DELTA} stores (short chains of 7 steps,
 * and the default) of one backend. Each app makes at least {@value #STEPS_PER_APP} steps of updates, appends,
 * extends, increments, wipes, failed steps, several changes at once, states built anew and class-based updates;
 * the program forks apps from random stored steps, prunes them, resumes them from storage and restarts the
 * persisters. Every step must give the same state in all three runs, and afterwards every stored sequence id of
 * every app loads equal from all three stores, its history reads equal, and its latest step equals the
 * application's own state. What each step does depends only on the seed, the app id, the sequence id and the
 * state it runs on (keys are chosen in sorted order), so that the three runs of a program do the same; a failure
 * names the seed, backend, app, sequence id and the program's last operations.
 */
class LayoutEquivalenceTests {

	static final int STEPS_PER_APP = 200;

	private static final long[] SEEDS = { 7L, 4242L, 20_240_611L };

	private static final List<String> BACKENDS = List.of("h2", "sqlite", "postgres", "mariadb", "redis");

	private static final List<Spec> SPECS = List.of(new Spec("BURR", StateLayout.BURR, null),
			new Spec("DELTA/7", StateLayout.DELTA, 7), new Spec("DELTA/default", StateLayout.DELTA, null));

	private static final String ENTRYPOINT = Kind.UPDATE.action();

	private static final Map<String, Object> DEFAULT_STATE = defaultState();

	private static final String OTHER_PARTITION = "pärt:{1}%x";

	private static final String[] VALUE_KEYS = { "v0", "v1", "v2", "v3", "clé é", "emoji 😀", "dotted.key",
			"quote\"d", "colon:key{x}" };

	private static final String[] LIST_KEYS = { "l0", "l1", "l2", "chat" };

	private static final String[] COUNTER_KEYS = { "c0", "c1", "c2" };

	private static final String[] TEXTS = { "hello", "é", "日本語", "😀", "\"quoted\"", "back\\slash", "tab\tnew\nline",
			"", "مرحبا", " ", "%:{}*?[", "<tag>&amp;", "null", "{\"json\":1}", "Ω≈ç√", "__burr_delta__" };

	private static final String[] MAP_KEYS = { "a", "b", "ключ", "😀", "with space", "__burr_delta__", "x:y" };

	private static final Object[] DOUBLES = { 0.1, -2.5, Math.PI, 1.0, 0.0, 1e-7, 6.02e23, -1e10, 123456.789 };

	@TempDir
	Path dir;

	static Stream<Arguments> programs() {
		return BACKENDS.stream().flatMap((backend) -> LongStream.of(SEEDS).mapToObj((seed) -> Arguments.of(backend, seed)));
	}

	@ParameterizedTest(name = "{0}, seed {1}")
	@MethodSource("programs")
	void everyStoredStepLoadsEqualInBurrsAndTheDeltaLayout(String backend, long seed) {
		long start = System.nanoTime();
		try (Backend stores = Backend.open(backend, this.dir)) {
			long opened = System.nanoTime();
			Program program = new Program(backend, seed, stores);
			program.run();
			program.verifyEverything();
			System.out.println("[equivalence] " + backend + ", seed " + seed + ": opened in "
					+ (opened - start) / 1_000_000 + " ms, " + program.summary());
		}
	}

	private static Map<String, Object> defaultState() {
		Map<String, Object> state = new LinkedHashMap<>();
		state.put("v0", "start");
		state.put("l0", List.of());
		state.put("c0", 0);
		return Map.copyOf(state);
	}

	/** One store of a backend: its label and layout; {@code snapshotEvery} {@code null} keeps the default. */
	record Spec(String label, StateLayout layout, @Nullable Integer snapshotEvery) {
	}

	/** Thrown by the {@code fail} action: the step is stored as failed. */
	static final class PlannedFailure extends RuntimeException {

		private static final long serialVersionUID = 1L;

		PlannedFailure(long sequenceId) {
			super("planned failure at step " + sequenceId);
		}

	}

	/** What a step does; the weight is how often it is picked. */
	enum Kind {

		UPDATE(14), APPEND(14), EXTEND(8), INCREMENT(8), WIPE(6), FAIL(5), APPEND_AND_UPDATE(6), APPEND_TWICE(5),
		REPLACE_LIST(3), WIPE_AND_RECREATE(3), ADD_THEN_WIPE(3), NOOP(3), REBUILD(4), MERGE(3), KEEP_ONLY(1),
		CLASSIC(5), BIG(2), NESTED_EDIT(4);

		static final int TOTAL = Arrays.stream(values()).mapToInt((kind) -> kind.weight).sum();

		final int weight;

		Kind(int weight) {
			this.weight = weight;
		}

		String action() {
			return name().toLowerCase(Locale.ROOT);
		}

	}

	/**
	 * The actions of one app. The step at sequence id N runs the action the transitions pick with
	 * {@link #kindAt}(N) and draws what it writes from {@link #random}(N, ...); the first step runs the entrypoint,
	 * a step resumed after a failed one runs the failed action again, which fails only when {@link #kindAt} picks
	 * {@code FAIL} for it.
	 */
	static final class Behaviour {

		private final long seed;

		private final String appId;

		Behaviour(long seed, String appId) {
			this.seed = seed;
			this.appId = appId;
		}

		Kind kindAt(long sequenceId) {
			int roll = random(sequenceId, 0).nextInt(Kind.TOTAL);
			for (Kind kind : Kind.values()) {
				roll -= kind.weight;
				if (roll < 0) {
					return kind;
				}
			}
			throw new IllegalStateException();
		}

		Random random(long sequenceId, int salt) {
			return new Random(mix(mix(mix(this.seed) ^ this.appId.hashCode()) ^ sequenceId) ^ salt);
		}

		private static long mix(long value) {
			long z = value + 0x9E3779B97F4A7C15L;
			z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
			z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
			return z ^ (z >>> 31);
		}

		ApplicationBuilder graph() {
			ApplicationBuilder builder = ApplicationBuilder.create();
			for (Kind kind : Kind.values()) {
				builder.withAction(kind.action(), (kind == Kind.CLASSIC) ? new ClassicAction(this)
						: Actions.action(List.of(), List.of(), (state, inputs) -> apply(kind, state)));
			}
			for (Kind from : Kind.values()) {
				for (Kind to : Kind.values()) {
					builder.withTransitions(Transition.of(from.action(), to.action(), Condition.of("next=" + to.action(),
							Set.of(State.SEQUENCE_ID_KEY), (state) -> kindAt(sequenceId(state) + 1) == to)));
				}
			}
			return builder;
		}

		State apply(Kind kind, State state) {
			long seq = sequenceId(state);
			Random r = random(seq, 1);
			return switch (kind) {
				case UPDATE -> switch (r.nextInt(4)) {
					case 0, 1 -> state.update(pick(r, VALUE_KEYS), value(r, 0));
					case 2 -> {
						Map<String, @Nullable Object> updates = new LinkedHashMap<>();
						updates.put(pick(r, VALUE_KEYS), value(r, 0));
						updates.put(pick(r, VALUE_KEYS), value(r, 0));
						yield state.update(updates);
					}
					default -> {
						String key = existing(r, state, VALUE_KEYS);
						yield (key != null) ? state.update(key, state.get(key)) : state.update("v0", text(r));
					}
				};
				case APPEND -> state.append(pick(r, LIST_KEYS), value(r, 0));
				case EXTEND -> state.extend(pick(r, LIST_KEYS), values(r, r.nextInt(6)));
				case INCREMENT -> {
					if (r.nextInt(3) == 0) {
						Map<String, Long> deltas = new LinkedHashMap<>();
						deltas.put(pick(r, COUNTER_KEYS), delta(r));
						deltas.put(pick(r, COUNTER_KEYS), delta(r));
						yield state.increment(deltas);
					}
					yield state.increment(pick(r, COUNTER_KEYS), delta(r));
				}
				case WIPE -> {
					List<String> keys = userKeys(state);
					if (keys.isEmpty()) {
						yield state.wipe("v0");
					}
					String first = keys.get(r.nextInt(keys.size()));
					yield (r.nextInt(5) == 0) ? state.wipe(first, keys.get(r.nextInt(keys.size()))) : state.wipe(first);
				}
				case FAIL -> {
					Kind planned = kindAt(seq);
					if (planned != Kind.FAIL) {
						yield apply((planned == Kind.CLASSIC) ? Kind.UPDATE : planned, state);
					}
					State doomed = r.nextBoolean() ? state.update("v0", "doomed").append("l0", seq) : state;
					throw new PlannedFailure(sequenceId(doomed));
				}
				case APPEND_AND_UPDATE -> r.nextBoolean()
						? state.append(pick(r, LIST_KEYS), value(r, 0)).update(pick(r, VALUE_KEYS), value(r, 0))
						: state.update(pick(r, VALUE_KEYS), value(r, 0)).append(pick(r, LIST_KEYS), value(r, 0));
				case APPEND_TWICE -> {
					String key = pick(r, LIST_KEYS);
					yield switch (r.nextInt(3)) {
						case 0 -> state.append(key, value(r, 0)).append(key, value(r, 0));
						case 1 -> state.append(key, value(r, 0)).extend(key, values(r, 1 + r.nextInt(3)));
						default -> {
							Map<String, @Nullable Object> appends = new LinkedHashMap<>();
							appends.put(key, value(r, 0));
							appends.put(pick(r, LIST_KEYS), value(r, 0));
							yield state.append(appends);
						}
					};
				}
				case REPLACE_LIST -> {
					String key = pick(r, LIST_KEYS);
					yield switch (r.nextInt(3)) {
						case 0 -> state.append(key, value(r, 0)).update(key, values(r, r.nextInt(3)));
						case 1 -> state.update(key, values(r, r.nextInt(3))).append(key, value(r, 0));
						default -> state.extend(key, List.of());
					};
				}
				case WIPE_AND_RECREATE -> {
					if (r.nextBoolean()) {
						String key = pick(r, LIST_KEYS);
						yield state.wipe(key).append(key, value(r, 0));
					}
					String key = pick(r, COUNTER_KEYS);
					yield state.wipe(key).increment(key, delta(r));
				}
				case ADD_THEN_WIPE -> switch (r.nextInt(3)) {
					case 0 -> state.update("scratch", value(r, 0)).wipe("scratch");
					case 1 -> {
						String key = pick(r, VALUE_KEYS);
						yield state.update(key, value(r, 0)).wipe(key);
					}
					default -> {
						String key = pick(r, LIST_KEYS);
						yield state.append(key, value(r, 0)).wipe(key);
					}
				};
				case NOOP -> state;
				case REBUILD -> {
					LinkedHashMap<String, @Nullable Object> values = new LinkedHashMap<>(state.asMap());
					values.put(pick(r, VALUE_KEYS), value(r, 0));
					List<String> keys = userKeys(state);
					if (r.nextBoolean() && !keys.isEmpty()) {
						values.remove(keys.get(r.nextInt(keys.size())));
					}
					if (r.nextBoolean()) {
						String key = pick(r, LIST_KEYS);
						List<@Nullable Object> list = new ArrayList<>();
						if (values.get(key) instanceof List<?> current) {
							list.addAll(current);
						}
						list.add(value(r, 0));
						values.put(key, list);
					}
					yield State.of(values);
				}
				case MERGE -> {
					Map<String, @Nullable Object> other = new LinkedHashMap<>();
					for (int i = 1 + r.nextInt(3); i > 0; i--) {
						other.put(pick(r, VALUE_KEYS), value(r, 0));
					}
					yield state.merge(State.of(other));
				}
				case KEEP_ONLY -> {
					List<String> keys = userKeys(state);
					if (keys.isEmpty()) {
						yield state;
					}
					String dropped = keys.get(r.nextInt(keys.size()));
					yield state.subset(state.keys().stream().filter((key) -> !key.equals(dropped)).toList(), true);
				}
				case BIG -> switch (r.nextInt(3)) {
					case 0 -> {
						StringBuilder big = new StringBuilder();
						for (int length = 1000 + r.nextInt(7000); big.length() < length;) {
							big.append(pick(r, TEXTS)).append(r.nextInt(1000));
						}
						yield state.update("big", big.toString());
					}
					case 1 -> state.extend(pick(r, LIST_KEYS), values(r, 20 + r.nextInt(60)));
					default -> {
						List<@Nullable Object> rows = new ArrayList<>();
						for (int i = 0; i < 50; i++) {
							Map<String, @Nullable Object> row = new LinkedHashMap<>();
							row.put("i", i);
							row.put("text", text(r));
							rows.add(row);
						}
						yield state.update(pick(r, VALUE_KEYS), rows);
					}
				};
				case NESTED_EDIT -> {
					String key = pick(r, VALUE_KEYS);
					LinkedHashMap<String, @Nullable Object> map = new LinkedHashMap<>();
					if (state.getOrDefault(key, null) instanceof Map<?, ?> current) {
						current.forEach((k, v) -> map.put((String) k, v));
					}
					if (!map.isEmpty() && r.nextInt(3) == 0) {
						List<String> keys = new ArrayList<>(new TreeSet<>(map.keySet()));
						map.remove(keys.get(r.nextInt(keys.size())));
					}
					else {
						map.put(pick(r, MAP_KEYS), value(r, 1));
					}
					yield state.update(key, map);
				}
				case CLASSIC -> throw new IllegalStateException("a class-based action");
			};
		}

	}

	/** A class-based action: its update sees only the keys it writes. */
	static final class ClassicAction implements Action {

		private final Behaviour behaviour;

		ClassicAction(Behaviour behaviour) {
			this.behaviour = behaviour;
		}

		@Override
		public List<String> reads() {
			return List.of("l1", "c1", "v1");
		}

		@Override
		public List<String> writes() {
			return List.of("l1", "c1", "v1", "classic");
		}

		@Override
		public Map<String, @Nullable Object> run(State state, Map<String, @Nullable Object> inputs) {
			long seq = sequenceId(state);
			Map<String, @Nullable Object> result = new LinkedHashMap<>();
			result.put("n", this.behaviour.random(seq, 1).nextInt(100));
			result.put("seq", seq);
			return result;
		}

		@Override
		public State update(Map<String, @Nullable Object> result, State state) {
			long seq = ((Number) result.get("seq")).longValue();
			Random r = this.behaviour.random(seq, 2);
			return switch (r.nextInt(3)) {
				case 0 -> state.append("l1", result.get("n")).increment("c1", 1).update("classic", "ran " + seq);
				case 1 -> state.wipe("v1").update("classic", result.get("n"));
				default -> {
					LinkedHashMap<String, @Nullable Object> values = new LinkedHashMap<>(state.asMap());
					values.put("classic", value(r, 0));
					yield State.of(values);
				}
			};
		}

	}

	static long sequenceId(State state) {
		return ((Number) state.get(State.SEQUENCE_ID_KEY)).longValue();
	}

	static String pick(Random r, String[] choices) {
		return choices[r.nextInt(choices.length)];
	}

	/** A key of {@code choices} the state holds, chosen in sorted order so that key order never matters. */
	static @Nullable String existing(Random r, State state, String[] choices) {
		List<String> present = Arrays.stream(choices).filter(state::containsKey).sorted().toList();
		return present.isEmpty() ? null : present.get(r.nextInt(present.size()));
	}

	static List<String> userKeys(State state) {
		return state.keys().stream().filter((key) -> !key.startsWith("__")).sorted().toList();
	}

	static long delta(Random r) {
		int roll = r.nextInt(20);
		return (roll == 0) ? Long.MAX_VALUE / 3 : (roll < 3) ? Integer.MAX_VALUE : r.nextInt(21) - 5;
	}

	static @Nullable Object value(Random r, int depth) {
		return switch (r.nextInt((depth < 2) ? 12 : 9)) {
			case 0 -> null;
			case 1 -> r.nextBoolean();
			case 2 -> r.nextInt(2001) - 1000;
			case 3 -> r.nextInt();
			case 4 -> r.nextLong();
			case 5 -> DOUBLES[r.nextInt(DOUBLES.length)];
			case 6 -> r.nextDouble() * 1e6 - 5e5;
			case 7, 8 -> text(r);
			case 9, 10 -> {
				Map<String, @Nullable Object> map = new LinkedHashMap<>();
				for (int i = r.nextInt(4); i > 0; i--) {
					map.put(pick(r, MAP_KEYS), value(r, depth + 1));
				}
				yield map;
			}
			default -> values(r, r.nextInt(4), depth + 1);
		};
	}

	static List<@Nullable Object> values(Random r, int count) {
		return values(r, count, 0);
	}

	static List<@Nullable Object> values(Random r, int count, int depth) {
		List<@Nullable Object> values = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			values.add(value(r, depth));
		}
		return values;
	}

	static String text(Random r) {
		StringBuilder text = new StringBuilder();
		for (int i = 1 + r.nextInt(4); i > 0; i--) {
			text.append(pick(r, TEXTS));
		}
		return text.toString();
	}

	/** An app as run on every store: one {@link Application} per store. */
	static final class App {

		final String id;

		final @Nullable String partitionKey;

		final Behaviour behaviour;

		final @Nullable Fork fork;

		final Application[] runs = new Application[SPECS.size()];

		/** The lowest sequence id this app may have stored. */
		long lowest = Long.MAX_VALUE;

		int ownSteps;

		App(String id, @Nullable String partitionKey, long seed, @Nullable Fork fork) {
			this.id = id;
			this.partitionKey = partitionKey;
			this.behaviour = new Behaviour(seed, id);
			this.fork = fork;
		}

		String partition() {
			return (this.partitionKey != null) ? this.partitionKey : "";
		}

		@Override
		public String toString() {
			return "app '" + this.id + "' (partition '" + partition() + "')";
		}

	}

	/** What an app was forked from; {@code sequenceId} {@code null} is the parent's latest step. */
	record Fork(String appId, String partitionKey, @Nullable Long sequenceId) {
	}

	/** One step as a run saw it. */
	record Outcome(long sequenceId, String action, boolean failed, Map<String, @Nullable Object> state) {
	}

	/** One program: its apps and what it did, run on every store of a backend at once. */
	static final class Program {

		private static final int MAX_FORKS = 3;

		private static final int TRACE = 40;

		private final String backend;

		private final long seed;

		private final Backend stores;

		private final Random random;

		private final Map<String, App> apps = new LinkedHashMap<>();

		private final List<Instant> marks = new ArrayList<>();

		private final Deque<String> trace = new ArrayDeque<>();

		private final Map<String, Integer> counts = new LinkedHashMap<>();

		private final Map<String, Long> nanos = new LinkedHashMap<>();

		private int operation;

		Program(String backend, long seed, Backend stores) {
			this.backend = backend;
			this.seed = seed;
			this.stores = stores;
			this.random = new Random(seed);
		}

		void run() {
			create(new App("root-0", null, this.seed, null));
			create(new App("root-1", OTHER_PARTITION, this.seed, null));
			while (this.apps.values().stream().anyMatch((app) -> app.ownSteps < STEPS_PER_APP)) {
				this.operation++;
				List<App> pending = this.apps.values().stream().filter((app) -> app.ownSteps < STEPS_PER_APP).toList();
				App any = anyApp();
				int roll = this.random.nextInt(1000);
				if (roll < 880) {
					App app = pending.get(this.random.nextInt(pending.size()));
					timed("step", () -> step(app));
				}
				else if (roll < 910) {
					if (count("fork") < MAX_FORKS && count("step") > (count("fork") + 1) * 150) {
						timed("fork", () -> fork(any));
					}
				}
				else if (roll < 922) {
					int keep = (this.random.nextInt(4) == 0) ? 1 + this.random.nextInt(8) : 20 + this.random.nextInt(180);
					timed("prune", () -> pruneKeepLast(any, keep));
				}
				else if (roll < 934) {
					timed("prune", () -> pruneOlderThan(any));
				}
				else if (roll < 956) {
					boolean resumeAtNextAction = this.random.nextInt(4) != 0;
					timed("resume", () -> resume(any, resumeAtNextAction));
				}
				else if (roll < 961) {
					timed("restart", this::restart);
				}
				else if (roll < 976) {
					timed("mark", this::mark);
				}
				else if (roll < 981) {
					timed("scratch", () -> scratch(any));
				}
				else {
					timed("check", () -> check(any));
				}
			}
		}

		private App anyApp() {
			List<App> all = new ArrayList<>(this.apps.values());
			return all.get(this.random.nextInt(all.size()));
		}

		private void timed(String what, Runnable body) {
			long start = System.nanoTime();
			body.run();
			this.nanos.merge(what, System.nanoTime() - start, Long::sum);
		}

		private int count(String what) {
			return this.counts.getOrDefault(what, 0);
		}

		private void counted(String what, String detail) {
			this.counts.merge(what, 1, Integer::sum);
			this.trace.addLast("op " + this.operation + ": " + detail);
			if (this.trace.size() > TRACE) {
				this.trace.removeFirst();
			}
		}

		private void create(App app) {
			for (int i = 0; i < SPECS.size(); i++) {
				app.runs[i] = build(app, i, app.fork, true);
			}
			sameStart(app, "creating");
			this.apps.put(app.id, app);
		}

		private Application build(App app, int store, @Nullable Fork fork, boolean resumeAtNextAction) {
			StateStore persister = this.stores.store(store);
			ApplicationBuilder builder = app.behaviour.graph()
				.withStatePersister(persister)
				.initializeFrom(persister, resumeAtNextAction, DEFAULT_STATE, ENTRYPOINT)
				.withIdentifiers(app.id, app.partitionKey);
			if (fork != null) {
				builder.forkFrom(fork.appId(), fork.partitionKey(), fork.sequenceId());
			}
			Application application;
			try {
				application = builder.build();
			}
			catch (RuntimeException ex) {
				throw mismatch(app, null, SPECS.get(store).label() + " could not build the application: " + ex, ex);
			}
			app.lowest = Math.min(app.lowest,
					application.sequenceId().isPresent() ? application.sequenceId().getAsLong() + 1 : 0);
			return application;
		}

		/** The runs of a just built app start alike: same state, sequence id, next action and parent. */
		private void sameStart(App app, String what) {
			Application first = app.runs[0];
			for (int i = 1; i < SPECS.size(); i++) {
				Application run = app.runs[i];
				Long seq = first.sequenceId().isPresent() ? first.sequenceId().getAsLong() : null;
				if (!Objects.equals(run.sequenceId(), first.sequenceId()) || !run.nextAction().equals(first.nextAction())
						|| !run.parentPointer().equals(first.parentPointer())) {
					throw mismatch(app, seq, what + ": " + SPECS.get(i).label() + " starts at " + run.sequenceId() + " "
							+ run.nextAction() + " " + run.parentPointer() + ", BURR at " + first.sequenceId() + " "
							+ first.nextAction() + " " + first.parentPointer());
				}
				if (!run.state().asMap().equals(first.state().asMap())) {
					throw mismatch(app, seq, what + ": " + SPECS.get(i).label() + " starts with another state: "
							+ mapDifference(first.state().asMap(), run.state().asMap()));
				}
			}
		}

		private void step(App app) {
			Outcome[] outcomes = new Outcome[SPECS.size()];
			for (int i = 0; i < SPECS.size(); i++) {
				outcomes[i] = stepOne(app, i);
			}
			for (int i = 1; i < SPECS.size(); i++) {
				if (!outcomes[i].equals(outcomes[0])) {
					throw mismatch(app, outcomes[0].sequenceId(),
							"the step differs on " + SPECS.get(i).label() + ": " + describe(outcomes[0], outcomes[i]));
				}
			}
			app.ownSteps++;
			counted(outcomes[0].failed() ? "failed step" : "step", "step " + app + " -> " + outcomes[0].sequenceId()
					+ " " + outcomes[0].action() + (outcomes[0].failed() ? " (failed)" : ""));
			if (outcomes[0].failed()) {
				this.counts.merge("step", 1, Integer::sum);
			}
		}

		private Outcome stepOne(App app, int store) {
			Application run = app.runs[store];
			String next = run.nextAction().orElseThrow(() -> mismatch(app, null, "no next action"));
			try {
				StepResult result = run.step().orElseThrow();
				return new Outcome(result.sequenceId(), result.action(), false, result.state().asMap());
			}
			catch (PlannedFailure ex) {
				return new Outcome(run.sequenceId().orElseThrow(), next, true, run.state().asMap());
			}
			catch (RuntimeException ex) {
				throw mismatch(app, null, SPECS.get(store).label() + " could not step (" + next + "): " + ex, ex);
			}
		}

		private void fork(App parent) {
			List<Long> stored = storedIds(parent);
			Long from = (stored.isEmpty() || this.random.nextInt(5) == 0) ? null
					: stored.get(this.random.nextInt(stored.size()));
			String partitionKey = this.random.nextBoolean() ? null : OTHER_PARTITION;
			App child = new App("fork-" + (count("fork") + 1), partitionKey, this.seed,
					new Fork(parent.id, parent.partition(), from));
			create(child);
			counted("fork", "fork " + child + " from " + parent + " at " + ((from != null) ? from : "latest")
					+ " -> starts after " + child.runs[0].sequenceId());
		}

		private void pruneKeepLast(App app, int keep) {
			int[] deleted = new int[SPECS.size()];
			for (int i = 0; i < SPECS.size(); i++) {
				deleted[i] = this.stores.store(i).pruneKeepLast(app.partitionKey, app.id, keep);
			}
			counted("pruneKeepLast", "pruneKeepLast " + app + " keep " + keep + " -> deleted " + Arrays.toString(deleted));
			sameCounts(app, "pruneKeepLast(" + keep + ")", deleted);
			check(app);
		}

		private void pruneOlderThan(App app) {
			int roll = this.random.nextInt(4);
			Instant cutoff = (roll < 2 && !this.marks.isEmpty()) ? this.marks.get(this.random.nextInt(this.marks.size()))
					: (roll == 3) ? Instant.EPOCH : Instant.now().plusSeconds(3600);
			int[] deleted = new int[SPECS.size()];
			for (int i = 0; i < SPECS.size(); i++) {
				deleted[i] = this.stores.store(i).pruneOlderThan(app.partitionKey, app.id, cutoff);
			}
			counted("pruneOlderThan", "pruneOlderThan " + app + " " + cutoff + " -> deleted " + Arrays.toString(deleted));
			sameCounts(app, "pruneOlderThan(" + cutoff + ")", deleted);
			check(app);
		}

		private void sameCounts(App app, String what, int[] counts) {
			for (int i = 1; i < counts.length; i++) {
				if (counts[i] != counts[0]) {
					throw mismatch(app, null, what + " deleted " + counts[i] + " steps on " + SPECS.get(i).label()
							+ ", " + counts[0] + " on BURR");
				}
			}
		}

		private void resume(App app, boolean resumeAtNextAction) {
			if (app.ownSteps == 0) {
				return;
			}
			for (int i = 0; i < SPECS.size(); i++) {
				app.runs[i] = build(app, i, null, resumeAtNextAction);
			}
			counted("resume", "resume " + app + (resumeAtNextAction ? "" : " at the entrypoint") + " -> at "
					+ app.runs[0].sequenceId() + " next " + app.runs[0].nextAction().orElse("-"));
			sameStart(app, "resuming");
		}

		/** New persister instances on the same storage, and every app rebuilt from it. */
		private void restart() {
			this.stores.reopen();
			for (App app : this.apps.values()) {
				for (int i = 0; i < SPECS.size(); i++) {
					app.runs[i] = build(app, i, (app.ownSteps == 0) ? app.fork : null, true);
				}
				sameStart(app, "restarting");
			}
			counted("restart", "restart the persisters");
		}

		/** An instant no store wrote a step within 3 ms of, so that {@code pruneOlderThan} cuts all at one step. */
		private void mark() {
			sleep();
			this.marks.add(Instant.now());
			sleep();
			counted("mark", "mark " + this.marks.get(this.marks.size() - 1));
		}

		private static void sleep() {
			try {
				Thread.sleep(3);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}

		/** A short-lived fork, deleted again. */
		private void scratch(App parent) {
			App scratch = new App("scratch-" + (count("scratch") + 1), this.random.nextBoolean() ? null : OTHER_PARTITION,
					this.seed, new Fork(parent.id, parent.partition(), null));
			for (int i = 0; i < SPECS.size(); i++) {
				scratch.runs[i] = build(scratch, i, scratch.fork, true);
			}
			sameStart(scratch, "creating");
			int steps = 2 + this.random.nextInt(7);
			for (int i = 0; i < steps; i++) {
				step(scratch);
			}
			int[] deleted = new int[SPECS.size()];
			for (int i = 0; i < SPECS.size(); i++) {
				deleted[i] = this.stores.store(i).deleteApp(scratch.partitionKey, scratch.id);
			}
			counted("scratch", "scratch " + scratch + " from " + parent + ", " + steps + " steps, deleted "
					+ Arrays.toString(deleted));
			sameCounts(scratch, "deleteApp", deleted);
			for (int i = 0; i < SPECS.size(); i++) {
				StateStore store = this.stores.store(i);
				if (store.load(scratch.partitionKey, scratch.id).isPresent()
						|| !store.history(scratch.partitionKey, scratch.id).isEmpty()
						|| store.listAppIds(scratch.partitionKey).contains(scratch.id)) {
					throw mismatch(scratch, null, SPECS.get(i).label() + " still holds the deleted app");
				}
			}
		}

		/** The sequence ids stored for an app, after checking every store holds the same. */
		private List<Long> storedIds(App app) {
			return check(app).stream().map(PersistedState::sequenceId).toList();
		}

		/** Every store's history of an app reads the same, and so does its latest step; returns BURR's history. */
		private List<PersistedState> check(App app) {
			List<PersistedState> reference = history(app, 0);
			for (int i = 1; i < SPECS.size(); i++) {
				List<PersistedState> other = history(app, i);
				List<Long> referenceIds = reference.stream().map(PersistedState::sequenceId).toList();
				List<Long> otherIds = other.stream().map(PersistedState::sequenceId).toList();
				if (!referenceIds.equals(otherIds)) {
					throw mismatch(app, null, "history lists sequence ids " + otherIds + " on " + SPECS.get(i).label()
							+ ", " + referenceIds + " on BURR");
				}
				for (int s = 0; s < reference.size(); s++) {
					String problem = difference(reference.get(s), other.get(s));
					if (problem != null) {
						throw mismatch(app, reference.get(s).sequenceId(),
								"history differs on " + SPECS.get(i).label() + ": " + problem);
					}
				}
			}
			Optional<PersistedState> latest = load(app, 0, null);
			for (int i = 1; i < SPECS.size(); i++) {
				sameLoad(app, null, latest, load(app, i, null), i);
			}
			if (latest.isPresent() != !reference.isEmpty()
					|| (latest.isPresent()
							&& latest.get().sequenceId() != reference.get(reference.size() - 1).sequenceId())) {
				throw mismatch(app, null, "the latest step " + latest.map(PersistedState::sequenceId)
						+ " is not the last of the history " + reference.stream().map(PersistedState::sequenceId).toList());
			}
			counted("check", "check " + app + ": " + reference.size() + " steps stored");
			return reference;
		}

		void verifyEverything() {
			timed("verify", this::verifyStores);
		}

		private void verifyStores() {
			for (App app : this.apps.values()) {
				List<PersistedState> history = check(app);
				Set<Long> stored = new HashSet<>(history.stream().map(PersistedState::sequenceId).toList());
				long latest = app.runs[0].sequenceId().orElseThrow();
				for (long seq = Math.max(0, app.lowest - 1); seq <= latest + 1; seq++) {
					Optional<PersistedState> reference = load(app, 0, seq);
					if (reference.isPresent() != stored.contains(seq)) {
						throw mismatch(app, seq, "BURR " + (reference.isPresent() ? "loads" : "does not load")
								+ " a step its history " + (stored.contains(seq) ? "lists" : "does not list"));
					}
					for (int i = 1; i < SPECS.size(); i++) {
						sameLoad(app, seq, reference, load(app, i, seq), i);
					}
				}
				PersistedState last = load(app, 0, null).orElseThrow(() -> mismatch(app, null, "nothing stored"));
				if (last.sequenceId() != latest) {
					throw mismatch(app, latest,
							"the application stands at " + latest + ", storage at " + last.sequenceId());
				}
				for (int i = 0; i < SPECS.size(); i++) {
					Object model = normalized(withoutPriorStep(app.runs[i].state().asMap()));
					Object loaded = normalized(withoutPriorStep(last.state().asMap()));
					if (!model.equals(loaded)) {
						throw mismatch(app, latest, "the latest stored step is not the state of the application on "
								+ SPECS.get(i).label() + ": " + mapDifference((Map<?, ?>) model, (Map<?, ?>) loaded));
					}
				}
			}
			for (String partition : Arrays.asList(null, OTHER_PARTITION)) {
				Set<String> expected = new TreeSet<>();
				this.apps.values().stream().filter((app) -> Objects.equals(app.partitionKey, partition))
					.forEach((app) -> expected.add(app.id));
				for (int i = 0; i < SPECS.size(); i++) {
					Set<String> listed = new TreeSet<>(this.stores.store(i).listAppIds(partition));
					if (!listed.equals(expected)) {
						throw new AssertionError(context() + ": listAppIds('" + partition + "') on " + SPECS.get(i).label()
								+ " is " + listed + ", expected " + expected);
					}
				}
			}
			for (int i = 1; i < SPECS.size(); i++) {
				long[] rows = this.stores.rowCounts(i, this.apps.values());
				this.counts.put(SPECS.get(i).label() + " snapshots", (int) rows[0]);
				this.counts.put(SPECS.get(i).label() + " rows", (int) rows[1]);
				if (rows[0] == 0 || rows[0] >= rows[1]) {
					throw new AssertionError(context() + ": " + SPECS.get(i).label() + " stores " + rows[0]
							+ " snapshots among " + rows[1] + " steps: the deltas were not exercised");
				}
			}
		}

		private List<PersistedState> history(App app, int store) {
			try {
				return this.stores.store(store).history(app.partitionKey, app.id);
			}
			catch (RuntimeException ex) {
				throw mismatch(app, null, "history fails on " + SPECS.get(store).label() + ": " + ex, ex);
			}
		}

		private Optional<PersistedState> load(App app, int store, @Nullable Long seq) {
			try {
				return this.stores.store(store).load(app.partitionKey, app.id, seq);
			}
			catch (RuntimeException ex) {
				throw mismatch(app, seq, "load fails on " + SPECS.get(store).label() + ": " + ex, ex);
			}
		}

		private void sameLoad(App app, @Nullable Long seq, Optional<PersistedState> reference,
				Optional<PersistedState> other, int store) {
			String problem = (reference.isPresent() != other.isPresent())
					? (other.isPresent() ? "loads a step BURR does not" : "does not load the step BURR loads")
					: reference.map((step) -> difference(step, other.get())).orElse(null);
			if (problem != null) {
				throw mismatch(app, (seq != null) ? seq : reference.map(PersistedState::sequenceId).orElse(null),
						"load(" + ((seq != null) ? seq : "latest") + ") on " + SPECS.get(store).label() + " " + problem);
			}
		}

		private static @Nullable String difference(PersistedState reference, PersistedState other) {
			if (reference.sequenceId() != other.sequenceId() || !reference.position().equals(other.position())
					|| reference.status() != other.status()) {
				return "step " + other.sequenceId() + " " + other.position() + " " + other.status() + ", BURR "
						+ reference.sequenceId() + " " + reference.position() + " " + reference.status();
			}
			if (!reference.state().asMap().equals(other.state().asMap())) {
				return "state " + mapDifference(reference.state().asMap(), other.state().asMap());
			}
			return null;
		}

		private static String describe(Outcome reference, Outcome other) {
			if (reference.sequenceId() != other.sequenceId() || !reference.action().equals(other.action())
					|| reference.failed() != other.failed()) {
				return other + " vs BURR " + reference;
			}
			return "state " + mapDifference(reference.state(), other.state());
		}

		String summary() {
			Map<String, Long> millis = new LinkedHashMap<>();
			this.nanos.forEach((what, time) -> millis.put(what, time / 1_000_000));
			return this.counts + ", ms " + millis + ", apps " + this.apps.values().stream()
				.map((app) -> app.id + "=" + app.ownSteps + " steps from " + app.lowest)
				.toList();
		}

		private String context() {
			return "seed " + this.seed + ", backend " + this.backend;
		}

		private AssertionError mismatch(App app, @Nullable Long seq, String what) {
			return mismatch(app, seq, what, null);
		}

		private AssertionError mismatch(App app, @Nullable Long seq, String what, @Nullable Throwable cause) {
			return new AssertionError(context() + ", " + app + ((seq != null) ? ", sequence id " + seq : "") + ": "
					+ what + "\nlast operations:\n  " + String.join("\n  ", this.trace), cause);
		}

	}

	static String mapDifference(Map<?, ?> reference, Map<?, ?> other) {
		List<String> differences = new ArrayList<>();
		Set<Object> keys = new TreeSet<>(Comparator.comparing(Object::toString));
		keys.addAll(reference.keySet());
		keys.addAll(other.keySet());
		for (Object key : keys) {
			Object expected = reference.containsKey(key) ? reference.get(key) : "<absent>";
			Object actual = other.containsKey(key) ? other.get(key) : "<absent>";
			if (!Objects.equals(expected, actual)) {
				differences.add("'" + key + "': " + shorten(actual) + " (" + typeOf(actual) + ") instead of "
						+ shorten(expected) + " (" + typeOf(expected) + ")");
			}
		}
		return differences.isEmpty() ? "equal" : String.join("; ", differences);
	}

	private static String typeOf(@Nullable Object value) {
		return (value != null) ? value.getClass().getSimpleName() : "null";
	}

	private static String shorten(@Nullable Object value) {
		String text = String.valueOf(value);
		return (text.length() > 300) ? text.substring(0, 300) + "...(" + text.length() + " chars)" : text;
	}

	static Map<String, @Nullable Object> withoutPriorStep(Map<String, @Nullable Object> state) {
		Map<String, @Nullable Object> copy = new LinkedHashMap<>(state);
		copy.remove(State.PRIOR_STEP_KEY);
		return copy;
	}

	/** A value with every number as a {@link BigDecimal} without trailing zeros, for comparing across JSON. */
	static @Nullable Object normalized(@Nullable Object value) {
		if (value instanceof Double || value instanceof Float) {
			return new BigDecimal(value.toString()).stripTrailingZeros();
		}
		if (value instanceof BigInteger big) {
			return new BigDecimal(big).stripTrailingZeros();
		}
		if (value instanceof BigDecimal decimal) {
			return decimal.stripTrailingZeros();
		}
		if (value instanceof Number number) {
			return BigDecimal.valueOf(number.longValue()).stripTrailingZeros();
		}
		if (value instanceof Map<?, ?> map) {
			Map<Object, @Nullable Object> copy = new LinkedHashMap<>();
			map.forEach((k, v) -> copy.put(k, normalized(v)));
			return copy;
		}
		if (value instanceof Collection<?> list) {
			return list.stream().map(LayoutEquivalenceTests::normalized).toList();
		}
		return value;
	}

	/** The stores of one backend, on fresh tables or namespaces that {@link #close} removes. */
	static final class Backend implements AutoCloseable {

		private final List<Supplier<StateStore>> factories;

		private final Runnable cleanUp;

		private final RowCounter rowCounter;

		private final StateStore[] stores;

		private Backend(List<Supplier<StateStore>> factories, RowCounter rowCounter, Runnable cleanUp) {
			this.factories = factories;
			this.rowCounter = rowCounter;
			this.cleanUp = cleanUp;
			this.stores = new StateStore[factories.size()];
			reopen();
		}

		static Backend open(String name, Path dir) {
			return switch (name) {
				case "h2" -> jdbc(TestDatabases.h2("equivalence_" + UUID.randomUUID().toString().replace("-", "")), true);
				case "sqlite" -> sqlite(dir.resolve("equivalence.db"));
				case "postgres" -> jdbc(TestDatabases.postgres().dataSource(), false);
				case "mariadb" -> jdbc(TestDatabases.mariadb().dataSource(), false);
				case "redis" -> redis();
				default -> throw new IllegalArgumentException(name);
			};
		}

		/**
		 * {@link TestDatabases#sqlite} through one connection, closed by {@link #close}: opening a connection per
		 * statement would take most of the run.
		 */
		private static Backend sqlite(Path file) {
			SingleConnectionDataSource dataSource;
			try {
				dataSource = new SingleConnectionDataSource(TestDatabases.sqlite(file).getConnection(), true);
			}
			catch (SQLException ex) {
				throw new IllegalStateException("Cannot open " + file, ex);
			}
			return jdbc(dataSource, false, dataSource::destroy);
		}

		private static Backend jdbc(DataSource dataSource, boolean privateDatabase) {
			return jdbc(dataSource, privateDatabase, () -> {
			});
		}

		private static Backend jdbc(DataSource dataSource, boolean privateDatabase, Runnable closeDataSource) {
			List<String> tables = new ArrayList<>();
			List<Supplier<StateStore>> factories = new ArrayList<>();
			for (Spec spec : SPECS) {
				String table = TestDatabases.uniqueTableName("equiv_" + spec.label().replaceAll("[^A-Za-z0-9]", ""));
				tables.add(table);
				factories.add(() -> {
					JdbcStatePersister.Builder builder = JdbcStatePersister.builder(dataSource).tableName(table)
						.layout(spec.layout());
					if (spec.snapshotEvery() != null) {
						builder.snapshotEvery(spec.snapshotEvery());
					}
					JdbcStatePersister persister = builder.build();
					persister.initialize();
					return persister;
				});
			}
			JdbcClient jdbc = JdbcClient.create(dataSource);
			RowCounter rows = (store, apps) -> {
				List<Boolean> snapshots = jdbc.sql("SELECT snapshot FROM " + tables.get(store)).query(Boolean.class).list();
				return new long[] { snapshots.stream().filter(Boolean::booleanValue).count(), snapshots.size() };
			};
			return new Backend(factories, rows, () -> {
				if (privateDatabase) {
					jdbc.sql("DROP ALL OBJECTS").update();
				}
				else {
					for (String table : tables) {
						jdbc.sql("DROP TABLE IF EXISTS " + table).update();
						jdbc.sql("DROP TABLE IF EXISTS " + table + "_schema_history").update();
					}
				}
				closeDataSource.run();
			});
		}

		private static Backend redis() {
			String namespace = TestRedis.uniqueNamespace();
			List<String> namespaces = new ArrayList<>();
			List<Supplier<StateStore>> factories = new ArrayList<>();
			for (Spec spec : SPECS) {
				String ns = namespace + "-" + spec.label().replaceAll("[^A-Za-z0-9]", "").toLowerCase(Locale.ROOT);
				namespaces.add(ns);
				factories.add(() -> {
					RedisStatePersister.Builder builder = RedisStatePersister.builder(TestRedis.connectionFactory())
						.namespace(ns)
						.layout(spec.layout());
					if (spec.snapshotEvery() != null) {
						builder.snapshotEvery(spec.snapshotEvery());
					}
					return builder.build();
				});
			}
			StringRedisTemplate redis = new StringRedisTemplate(TestRedis.connectionFactory());
			RowCounter rows = (store, apps) -> {
				long snapshots = 0;
				long steps = 0;
				for (App app : apps) {
					String prefix = namespaces.get(store) + ":%delta:" + escape(app.partition()) + ":" + escape(app.id)
							+ ":";
					snapshots += Objects.requireNonNull(redis.opsForZSet().zCard(prefix + "snapshots"));
					steps += Objects.requireNonNull(redis.opsForZSet().zCard(prefix + "steps"));
				}
				return new long[] { snapshots, steps };
			};
			return new Backend(factories, rows,
					() -> namespaces.forEach((ns) -> TestRedis.deleteKeysStartingWith(ns + ":")));
		}

		/** An id as the Redis persister writes it in keys: {@code %}, {@code :}, braces percent-encoded. */
		private static String escape(String id) {
			StringBuilder out = new StringBuilder();
			for (char c : id.toCharArray()) {
				boolean special = c == '%' || c == ':' || c == '{' || c == '}';
				out.append(special ? String.format("%%%02X", (int) c) : String.valueOf(c));
			}
			return out.toString();
		}

		StateStore store(int index) {
			return this.stores[index];
		}

		/** New persister instances on the same storage: nothing of what the old ones remembered carries over. */
		void reopen() {
			for (int i = 0; i < this.factories.size(); i++) {
				this.stores[i] = this.factories.get(i).get();
			}
		}

		/** Snapshot rows and all rows of a delta store, over {@code apps}. */
		long[] rowCounts(int store, Collection<App> apps) {
			return this.rowCounter.count(store, apps);
		}

		@Override
		public void close() {
			this.cleanUp.run();
		}

		@FunctionalInterface
		interface RowCounter {

			long[] count(int store, Collection<App> apps);

		}

	}

}
