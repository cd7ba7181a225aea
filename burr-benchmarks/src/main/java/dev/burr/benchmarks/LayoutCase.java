package dev.burr.benchmarks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import dev.burr.core.Application;
import dev.burr.core.State;
import dev.burr.persistence.StateLayout;
import dev.burr.persistence.StateStore;
import dev.burr.serde.StateSerde;
import org.jspecify.annotations.Nullable;

/**
 * Case 6: one conversation of {@link Settings#growthTurns()} turns (1,000 in a full run) of about 1 KB each, in
 * Burr's layout and in the delta layout side by side, each on storage of its own ({@link LayoutStorage}). "Ours"
 * is the delta layout, "raw" Burr's layout in the same run; the flat-cost and heap lines compare the delta
 * layout with itself and with the issue's bound. Each layout first runs a 100-turn conversation on storage of
 * its own, so that turn 10 is not measured on a cold JIT.
 */
final class LayoutCase {

	private static final int WARM_UP_TURNS = 100;

	private static final int LOADS = 30;

	private static final String PARTITION = "user-layout";

	private final Settings settings;

	private final String runId;

	private final StateSerde serde = StateSerde.defaults();

	LayoutCase(Settings settings, String runId) {
		this.settings = settings;
		this.runId = runId;
	}

	List<Result> run(String backend) {
		int turns = this.settings.growthTurns();
		Measured burr = measure(backend, StateLayout.BURR, turns);
		Measured delta = measure(backend, StateLayout.DELTA, turns);
		Map<String, Object> extra = new LinkedHashMap<>();
		extra.put("turns", turns);
		extra.put("raw_is", "Burr's layout (every step the whole state), same conversation, same run");
		if (!"full".equals(this.settings.mode())) {
			extra.put("note", "--" + this.settings.mode() + ": " + turns + "-turn conversation, not 1000");
		}
		List<Result> results = new ArrayList<>();
		Map<String, Object> bytesExtra = new LinkedHashMap<>(extra);
		bytesExtra.put("measured_as", measuredAs(backend));
		results.add(Result.latency("6-layout-bytes", backend, delta.storedBytes(), burr.storedBytes(), "bytes", 20,
				bytesExtra));
		int[] turnsMeasured = { 10, turns / 2, turns };
		for (int i = 0; i < turnsMeasured.length; i++) {
			results.add(Result.latency("6-layout-step@" + turnsMeasured[i], backend, delta.stepMicros()[i],
					burr.stepMicros()[i], "us/step", Double.NaN, extra));
		}
		Map<String, Object> flatExtra = new LinkedHashMap<>(extra);
		flatExtra.put("raw_is", "the delta layout's own time per step at turn 10; target: turn " + turns
				+ " at most 1.5x it");
		results.add(Result.latency("6-layout-flat@" + turns, backend, delta.stepMicros()[2], delta.stepMicros()[0],
				"us/step", 1 / 1.5, flatExtra));
		Map<String, Object> loadExtra = new LinkedHashMap<>(extra);
		loadExtra.put("loads", LOADS);
		loadExtra.put("target_is", "delta at most 1.5x Burr's layout");
		results.add(Result.latency("6-layout-load-latest@" + turns, backend, delta.loadLatestMicros(),
				burr.loadLatestMicros(), "us/load", 1 / 1.5, loadExtra));
		results.add(Result.latency("6-layout-load-old", backend, delta.loadOldMicros(), burr.loadOldMicros(),
				"us/load", Double.NaN, loadExtra));
		Map<String, Object> heapExtra = new LinkedHashMap<>(extra);
		double bound = 10 * 1024 + 3 * delta.changeBytes();
		heapExtra.put("change_bytes", (long) delta.changeBytes());
		heapExtra.put("burr_layout_bytes_per_step", (long) burr.allocatedPerStep());
		heapExtra.put("raw_is", "the bound 10 KB + 3x the step's change (the JSON of what it wrote)");
		results.add(Result.latency("6-layout-heap@" + turns, backend, delta.allocatedPerStep(), bound, "bytes/step", 1,
				heapExtra));
		return results;
	}

	private static String measuredAs(String backend) {
		return switch (backend) {
			case "postgres" -> "pg_total_relation_size of the table (heap, TOAST, indexes)";
			case "sqlite" -> "database file size after PRAGMA wal_checkpoint(TRUNCATE)";
			default -> "MEMORY USAGE ... SAMPLES 0 summed over the layout's keys";
		};
	}

	private Measured measure(String backend, StateLayout layout, int turns) {
		try (LayoutStorage warm = LayoutStorage.open(backend, layout, this.runId + "w")) {
			converse(warm.persister(), "warm-up", WARM_UP_TURNS, null);
		}
		try (LayoutStorage storage = LayoutStorage.open(backend, layout, this.runId)) {
			StateStore persister = storage.persister();
			Recorded recorded = new Recorded(turns);
			String appId = "conversation";
			converse(persister, appId, turns, recorded);
			double[] stepMicros = new double[3];
			int[][] windows = { Cases.window(10, turns), Cases.window(turns / 2, turns), Cases.window(turns, turns) };
			for (int i = 0; i < windows.length; i++) {
				stepMicros[i] = Cases.medianOf(recorded.nanos, windows[i]) / 1e3;
			}
			long[] latest = new long[LOADS];
			long[] old = new long[LOADS];
			Random random = new Random(6);
			for (int i = 0; i < LOADS; i++) {
				long t0 = System.nanoTime();
				State state = persister.load(PARTITION, appId).orElseThrow().state();
				latest[i] = System.nanoTime() - t0;
				requireHistory(state, turns);
				long seq = random.nextInt(turns - 1);
				t0 = System.nanoTime();
				state = persister.load(PARTITION, appId, seq).orElseThrow().state();
				old[i] = System.nanoTime() - t0;
				requireHistory(state, (int) seq + 1);
			}
			return new Measured(storage.storedBytes(), stepMicros, Cases.median(latest) / 1e3,
					Cases.median(old) / 1e3, Cases.medianOf(recorded.allocated, windows[2]),
					Cases.medianOf(recorded.changeBytes, windows[2]));
		}
	}

	private void converse(StateStore persister, String appId, int turns, @Nullable Recorded recorded) {
		Application app = Chatbot.build(persister, appId, PARTITION);
		Cases.Allocation allocation = (recorded != null) ? new Cases.Allocation() : null;
		for (int t = 0; t < turns; t++) {
			Map<String, Object> inputs = Chatbot.inputs(t);
			if (recorded == null) {
				app.step(inputs);
				continue;
			}
			long a0 = allocation.now();
			long t0 = System.nanoTime();
			app.step(inputs);
			long t1 = System.nanoTime();
			long a1 = allocation.now();
			recorded.nanos[t] = t1 - t0;
			recorded.allocated[t] = allocation.delta(a0, a1);
			recorded.changeBytes[t] = changeBytes(app.state(), t);
		}
	}

	/** The JSON bytes of what turn {@code turn} wrote: the message appended, and on a user turn the question. */
	private long changeBytes(State state, int turn) {
		List<?> history = state.get("chat_history", List.class);
		Map<String, Object> written = new LinkedHashMap<>();
		written.put("chat_history", List.of(history.get(history.size() - 1)));
		if (Chatbot.position(turn).equals(Chatbot.HUMAN)) {
			written.put("question", state.get("question"));
		}
		return this.serde.toJsonBytes(State.of(written)).length;
	}

	private static void requireHistory(State state, int size) {
		int loaded = state.get("chat_history", List.class).size();
		if (loaded != size) {
			throw new IllegalStateException("loaded a history of " + loaded + " messages, expected " + size);
		}
	}

	/** Per-turn figures of one conversation. */
	private static final class Recorded {

		final long[] nanos;

		final long[] allocated;

		final long[] changeBytes;

		Recorded(int turns) {
			this.nanos = new long[turns];
			this.allocated = new long[turns];
			this.changeBytes = new long[turns];
		}

	}

	/** What one layout measured. */
	private record Measured(long storedBytes, double[] stepMicros, double loadLatestMicros, double loadOldMicros,
			double allocatedPerStep, double changeBytes) {
	}

}
