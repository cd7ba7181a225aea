package dev.burr.benchmarks;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

import dev.burr.core.Application;
import dev.burr.core.State;
import dev.burr.persistence.Durability;
import dev.burr.persistence.StatePersister;
import dev.burr.serde.StateSerde;
import tools.jackson.databind.json.JsonMapper;

/** The five cases of issue 8. Each returns its result lines; none asserts anything about speed. */
final class Cases {

	private static final AtomicLong IDS = new AtomicLong();

	static volatile long sink;

	private final Settings settings;

	private final String runId;

	private final StateSerde serde = StateSerde.defaults();

	Cases(Settings settings, String runId) {
		this.settings = settings;
		this.runId = runId;
	}

	/**
	 * Runs the engine and the serde (in memory) for {@code nanos}, so that the code every backend shares is
	 * compiled before the first backend is measured, not while it is.
	 */
	void jitWarmUp(long nanos) {
		long end = System.nanoTime() + nanos;
		int turns = this.settings.conversationTurns();
		while (System.nanoTime() < end) {
			Application app = Chatbot.build(new dev.burr.persistence.InMemoryStatePersister(), "warm", "user");
			for (int i = 0; i < turns; i++) {
				app.step(Chatbot.inputs(i));
				sink += this.serde.fromJson(this.serde.toJson(app.state())).size();
			}
		}
	}

	// ---- 1 and 3: persisted steps per second ----

	List<Result> steps(Backend backend) {
		List<String> json = Chatbot.storedJson(this.settings.conversationTurns(), this.serde);
		Harness.Pair pair = Harness.throughput(this.settings, 1, i -> oursChat(backend, i),
				i -> rawChat(backend, json, i, true), backend::reset);
		Map<String, Object> extra = stepExtra(pair, json);
		extra.put("raw_is", backend.rawDescription() + "; one connection for the loop");
		List<Result> results = new ArrayList<>();
		results.add(Result.throughput("1-steps", backend.name(), pair.ours(), pair.raw(), "steps/s", 0.8, extra));
		if (backend instanceof JdbcBackend jdbc && this.settings.rawTransactions()) {
			Harness.Pair tx = Harness.throughput(this.settings, 1, i -> oursChat(backend, i),
					i -> rawChat(json, i, jdbc.transactionalRawWriter()), backend::reset);
			Map<String, Object> txExtra = stepExtra(tx, json);
			txExtra.put("raw_is", "as 1-steps, but each INSERT in an explicit transaction (setAutoCommit(false), "
					+ "commit(), setAutoCommit(true)), as our persister's TransactionTemplate does");
			results.add(Result.throughput("1-steps-vs-raw-tx", backend.name(), tx.ours(), tx.raw(), "steps/s",
					Double.NaN, txExtra));
		}
		return results;
	}

	List<Result> parallel(Backend backend) {
		List<String> json = Chatbot.storedJson(this.settings.conversationTurns(), this.serde);
		List<Result> results = new ArrayList<>();
		for (int threads : this.settings.concurrency()) {
			Harness.Pair pair = Harness.throughput(this.settings, threads, i -> oursChat(backend, i),
					i -> rawChat(backend, json, i, false), backend::reset);
			Map<String, Object> extra = stepExtra(pair, json);
			extra.put("threads", threads);
			if (backend instanceof JdbcBackend) {
				extra.put("pool", JdbcBackend.POOL_SIZE);
			}
			extra.put("raw_is", backend.rawDescription()
					+ ((backend instanceof JdbcBackend) ? "; a pooled connection per insert" : ""));
			results.add(Result.throughput("3-parallel-" + threads, backend.name(), pair.ours(), pair.raw(), "steps/s",
					0.8, extra));
		}
		return results;
	}

	private Map<String, Object> stepExtra(Harness.Pair pair, List<String> json) {
		Map<String, Object> extra = new LinkedHashMap<>();
		extra.put("turns_per_app", this.settings.conversationTurns());
		extra.put("mean_state_bytes", json.stream().mapToInt(j -> utf8(j)).sum() / json.size());
		extra.put("errors", pair.errors());
		extra.put("ours_client_cpu_us_per_op", Result.round(pair.oursCpuMicros()));
		extra.put("raw_client_cpu_us_per_op", Result.round(pair.rawCpuMicros()));
		extra.put("ours_trials", Arrays.toString(Arrays.stream(pair.oursTrials()).mapToLong(Math::round).toArray()));
		extra.put("raw_trials", Arrays.toString(Arrays.stream(pair.rawTrials()).mapToLong(Math::round).toArray()));
		return extra;
	}

	/** Thread {@code thread}'s chatbot: a new application every {@code conversationTurns} steps. */
	private Harness.Op oursChat(Backend backend, int thread) {
		return chat(backend.ours(), Durability.SYNC, thread);
	}

	/** Thread {@code thread}'s chatbot on {@code persister} with {@code durability}, as in cases 1 and 3. */
	Harness.Op chat(StatePersister persister, Durability durability, int thread) {
		int turns = this.settings.conversationTurns();
		String pk = "user-" + thread;
		return new Harness.Op() {

			private Application app;

			private int seq;

			@Override
			public void run() {
				if (this.app == null || this.seq == turns) {
					this.app = Chatbot.build(persister, "c" + Cases.this.runId + "-" + IDS.incrementAndGet(), pk,
							durability);
					this.seq = 0;
				}
				this.app.step(Chatbot.inputs(this.seq));
				this.seq++;
			}

		};
	}

	/** The raw loop writing what {@link #oursChat} writes: the same JSON at the same sequence ids. */
	private Harness.Op rawChat(Backend backend, List<String> json, int thread, boolean dedicated) {
		return rawChat(json, thread, backend.rawWriter(dedicated));
	}

	Harness.Op rawChat(List<String> json, int thread, Backend.RawWriter writer) {
		int turns = json.size();
		String pk = "user-" + thread;
		return new Harness.Op() {

			private String appId;

			private int seq;

			@Override
			public void run() throws Exception {
				if (this.appId == null || this.seq == turns) {
					this.appId = "r" + Cases.this.runId + "-" + IDS.incrementAndGet();
					this.seq = 0;
				}
				writer.insert(pk, this.appId, this.seq, Chatbot.position(this.seq), json.get(this.seq));
				this.seq++;
			}

			@Override
			public void close() throws Exception {
				writer.close();
			}

		};
	}

	// ---- 2: load latest ----

	List<Result> loadLatest(Backend backend) {
		int apps = this.settings.loadApps();
		int perApp = Math.max(1, this.settings.loadRows() / apps);
		long started = System.nanoTime();
		for (int first = 0; first < apps; first += 50) {
			List<Backend.Row> rows = new ArrayList<>();
			for (int a = first; a < Math.min(apps, first + 50); a++) {
				for (int s = 0; s < perApp; s++) {
					State state = State
						.of(Map.of("chat_history", List.of(Map.of("role", (s % 2 == 0) ? "user" : "assistant",
								"content", Chatbot.message(s))), "turn", s))
						.update(State.SEQUENCE_ID_KEY, (long) s)
						.update(State.PRIOR_STEP_KEY, Chatbot.position(s));
					rows.add(new Backend.Row(loadPk(a), loadApp(a), s, Chatbot.position(s), state,
							this.serde.toJson(state)));
				}
			}
			backend.populate(rows);
		}
		double populateSeconds = (System.nanoTime() - started) / 1e9;
		StatePersister ours = backend.ours();
		int warm = Math.max(200, this.settings.latencySamples() / 5);
		int samples = this.settings.latencySamples();
		long[] oursNanos = new long[samples];
		long[] rawNanos = new long[samples];
		Random random = new Random(7);
		try (Backend.RawReader raw = backend.rawReader()) {
			for (int i = 0; i < warm + samples; i++) {
				int a = random.nextInt(apps);
				int b = random.nextInt(apps);
				long oursTime;
				long rawTime;
				if (i % 2 == 0) {
					oursTime = timeOursLoad(ours, a, perApp);
					rawTime = timeRawLoad(raw, b);
				}
				else {
					rawTime = timeRawLoad(raw, b);
					oursTime = timeOursLoad(ours, a, perApp);
				}
				if (i >= warm) {
					oursNanos[i - warm] = oursTime;
					rawNanos[i - warm] = rawTime;
				}
			}
		}
		catch (Exception ex) {
			throw new IllegalStateException("load-latest on " + backend.name() + " failed: " + ex.getMessage(), ex);
		}
		Arrays.sort(oursNanos);
		Arrays.sort(rawNanos);
		Map<String, Object> extra = new LinkedHashMap<>();
		extra.put("rows", (long) apps * perApp);
		extra.put("apps", apps);
		extra.put("samples", samples);
		extra.put("populate_s", Result.round(populateSeconds));
		if (!"full".equals(this.settings.mode())) {
			extra.put("note", "--" + this.settings.mode() + ": " + (long) apps * perApp + " rows across " + apps
					+ " apps, not 100000 across 1000");
		}
		extra.put("raw_is", rawLoadDescription(backend));
		List<Result> results = new ArrayList<>();
		results.add(Result.latency("2-load-latest-p50", backend.name(), Harness.percentile(oursNanos, 50) / 1e3,
				Harness.percentile(rawNanos, 50) / 1e3, "us", Double.NaN, extra));
		results.add(Result.latency("2-load-latest-p99", backend.name(), Harness.percentile(oursNanos, 99) / 1e3,
				Harness.percentile(rawNanos, 99) / 1e3, "us", 1 / 1.5, extra));
		return results;
	}

	private static String rawLoadDescription(Backend backend) {
		return switch (backend.name()) {
			case "redis" -> "ZSCORE + HGETALL, Lettuce sync";
			case "memory" -> "ConcurrentHashMap.get of the latest JSON";
			default -> "prepared indexed SELECT ... ORDER BY sequence_id DESC LIMIT 1 on the same table, columns read "
					+ "as text (no JSON parsing)";
		};
	}

	private static String loadPk(int app) {
		return "user-" + (app % 100);
	}

	private String loadApp(int app) {
		return "load-" + app;
	}

	private long timeOursLoad(StatePersister ours, int app, int perApp) {
		long t0 = System.nanoTime();
		long seq = ours.load(loadPk(app), loadApp(app), null).orElseThrow().sequenceId();
		long elapsed = System.nanoTime() - t0;
		if (seq != perApp - 1) {
			throw new IllegalStateException("loaded step " + seq + " of " + loadApp(app) + ", expected " + (perApp - 1));
		}
		return elapsed;
	}

	private long timeRawLoad(Backend.RawReader raw, int app) {
		try {
			long t0 = System.nanoTime();
			Object state = raw.loadLatest(loadPk(app), loadApp(app));
			long elapsed = System.nanoTime() - t0;
			sink += (state != null) ? 1 : 0;
			return elapsed;
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	// ---- 4: growth ----

	List<Result> growth(Backend backend) {
		backend.reset();
		int turns = this.settings.growthTurns();
		Allocation allocation = new Allocation();
		StatePersister persister = backend.ours();
		String pk = "user-growth";
		Application app = Chatbot.build(persister, "g" + this.runId, pk);
		long[] nanos = new long[turns];
		long[] allocated = new long[turns];
		long[] sizes = new long[turns];
		String[] json = new String[turns];
		int[] early = window(10, turns);
		int[] late = window(turns, turns);
		long totalBytes = 0;
		for (int t = 0; t < turns; t++) {
			Map<String, Object> inputs = Chatbot.inputs(t);
			long a0 = allocation.now();
			long t0 = System.nanoTime();
			app.step(inputs);
			long t1 = System.nanoTime();
			long a1 = allocation.now();
			nanos[t] = t1 - t0;
			allocated[t] = allocation.delta(a0, a1);
			String stored = this.serde.toJson(app.state());
			sizes[t] = utf8(stored);
			totalBytes += sizes[t];
			if (contains(early, t) || contains(late, t)) {
				json[t] = stored;
			}
		}
		List<Result> results = new ArrayList<>();
		for (int[] window : List.of(early, late)) {
			int turn = window[window.length - 1] + 1 - ((window == early) ? 5 : 0);
			long[] rawNanos = new long[window.length * 3];
			long[] rawAllocated = new long[window.length * 3];
			int k = 0;
			try (Backend.RawWriter writer = backend.rawWriter(true)) {
				for (int rep = 0; rep < 3; rep++) {
					for (int t : window) {
						long a0 = allocation.now();
						long t0 = System.nanoTime();
						writer.insert(pk, "g" + this.runId + "-raw-" + turn + "-" + rep, t, Chatbot.position(t), json[t]);
						long t1 = System.nanoTime();
						long a1 = allocation.now();
						rawNanos[k] = t1 - t0;
						rawAllocated[k] = allocation.delta(a0, a1);
						k++;
					}
				}
			}
			catch (Exception ex) {
				throw new IllegalStateException("raw growth insert on " + backend.name() + " failed: " + ex, ex);
			}
			double oursTime = medianOf(nanos, window) / 1e3;
			double oursAlloc = medianOf(allocated, window);
			double stateBytes = medianOf(sizes, window);
			Map<String, Object> extra = new LinkedHashMap<>();
			extra.put("turn", turn);
			extra.put("turns", turns);
			extra.put("state_bytes", (long) stateBytes);
			if (window == late) {
				extra.put("total_bytes_written", totalBytes);
				if (backend instanceof MemoryBackend) {
					extra.put("bytes_note", "in memory nothing is serialized; bytes are what a store would write");
				}
			}
			if (!"full".equals(this.settings.mode())) {
				extra.put("note", "--" + this.settings.mode() + ": " + turns + "-turn conversation, not 1000");
			}
			Map<String, Object> timeExtra = new LinkedHashMap<>(extra);
			timeExtra.put("raw_is", "the same JSON of the same turns, " + backend.rawDescription());
			results.add(Result.latency("4-growth-time@" + turn, backend.name(), oursTime,
					median(rawNanos) / 1e3, "us/step", Double.NaN, timeExtra));
			Map<String, Object> heapExtra = new LinkedHashMap<>(extra);
			heapExtra.put("raw_insert_alloc_bytes", (long) median(rawAllocated));
			heapExtra.put("raw_is", "serialized state size; target: heap per step at most 3x it");
			results.add(Result.latency("4-growth-heap@" + turn, backend.name(), oursAlloc, stateBytes, "bytes/step",
					1 / 3.0, heapExtra));
		}
		backend.reset();
		return results;
	}

	/** Indexes of up to 10 turns ending at {@code turn} (1-based), or centred on it for early turns. */
	static int[] window(int turn, int turns) {
		int last = Math.min(turns, (turn == turns) ? turn : turn + 5);
		int first = Math.max(1, last - 9);
		int[] window = new int[last - first + 1];
		for (int i = 0; i < window.length; i++) {
			window[i] = first - 1 + i;
		}
		return window;
	}

	private static boolean contains(int[] values, int value) {
		for (int v : values) {
			if (v == value) {
				return true;
			}
		}
		return false;
	}

	static double medianOf(long[] values, int[] indexes) {
		long[] picked = new long[indexes.length];
		for (int i = 0; i < indexes.length; i++) {
			picked[i] = values[indexes[i]];
		}
		return median(picked);
	}

	static double median(long[] values) {
		return Harness.median(Arrays.stream(values).asDoubleStream().toArray());
	}

	/** Heap allocated by all live threads (Lettuce encodes on its I/O threads), less the cost of asking. */
	static final class Allocation {

		private final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory
			.getThreadMXBean();

		private final long overhead;

		Allocation() {
			this.threads.setThreadAllocatedMemoryEnabled(true);
			long min = Long.MAX_VALUE;
			for (int i = 0; i < 200; i++) {
				long a = now();
				long b = now();
				min = Math.min(min, b - a);
			}
			this.overhead = min;
		}

		long now() {
			long[] ids = this.threads.getAllThreadIds();
			long total = 0;
			for (long bytes : this.threads.getThreadAllocatedBytes(ids)) {
				if (bytes > 0) {
					total += bytes;
				}
			}
			return total;
		}

		long delta(long before, long after) {
			return Math.max(0, after - before - this.overhead);
		}

	}

	// ---- 5: serde ----

	List<Result> serde() {
		State state = Chatbot.stateOfKilobytes(100);
		Map<String, Object> map = state.asMap();
		JsonMapper mapper = JsonMapper.builder().build();
		String json = this.serde.toJson(state);
		Map<String, Object> extra = new LinkedHashMap<>();
		extra.put("state_bytes", utf8(json));
		extra.put("raw_is", "JsonMapper.builder().build() writeValueAsString / readValue(LinkedHashMap) of state.asMap()");
		List<Result> results = new ArrayList<>();
		Harness.Pair roundTrip = Harness.throughput(this.settings, 1, i -> () -> {
			sink += this.serde.fromJson(this.serde.toJson(state)).size();
		}, i -> () -> {
			sink += mapper.readValue(mapper.writeValueAsString(map), LinkedHashMap.class).size();
		}, () -> {
		});
		results.add(Result.throughput("5-serde-roundtrip", "jackson", roundTrip.ours(), roundTrip.raw(), "ops/s", 0.8,
				extra));
		Harness.Pair write = Harness.throughput(this.settings, 1, i -> () -> {
			sink += this.serde.toJson(state).length();
		}, i -> () -> {
			sink += mapper.writeValueAsString(map).length();
		}, () -> {
		});
		results.add(Result.throughput("5-serde-toJson", "jackson", write.ours(), write.raw(), "ops/s", Double.NaN,
				extra));
		Harness.Pair read = Harness.throughput(this.settings, 1, i -> () -> {
			sink += this.serde.fromJson(json).size();
		}, i -> () -> {
			sink += mapper.readValue(json, LinkedHashMap.class).size();
		}, () -> {
		});
		results.add(Result.throughput("5-serde-fromJson", "jackson", read.ours(), read.raw(), "ops/s", Double.NaN,
				extra));
		return results;
	}

	static int utf8(String text) {
		return text.getBytes(StandardCharsets.UTF_8).length;
	}

}
