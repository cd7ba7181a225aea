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
 * its own, so that turn 10 is not measured on a cold JIT; loads of both layouts alternate.
 */
final class LayoutCase {

	private static final int WARM_UP_TURNS = 100;

	private static final int LOADS = 60;

	private static final String PARTITION = "user-layout";

	private static final String APP_ID = "conversation";

	private final Settings settings;

	private final String runId;

	private final StateSerde serde = StateSerde.defaults();

	LayoutCase(Settings settings, String runId) {
		this.settings = settings;
		this.runId = runId;
	}

	List<Result> run(String backend) {
		int turns = this.settings.growthTurns();
		warmUp(backend);
		Measured burr;
		Measured delta;
		try (LayoutStorage burrStorage = LayoutStorage.open(backend, StateLayout.BURR, this.runId);
				LayoutStorage deltaStorage = LayoutStorage.open(backend, StateLayout.DELTA, this.runId)) {
			Recorded burrSteps = converse(burrStorage.persister(), turns);
			Recorded deltaSteps = converse(deltaStorage.persister(), turns);
			Loads loads = loads(burrStorage.persister(), deltaStorage.persister(), turns);
			burr = burrSteps.measured(burrStorage.storedBytes(), loads.burrLatest(), loads.burrOld());
			delta = deltaSteps.measured(deltaStorage.storedBytes(), loads.deltaLatest(), loads.deltaOld());
		}
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

	/** A conversation per layout on storage of its own, thrown away, so that turn 10 runs on warm code. */
	private void warmUp(String backend) {
		for (StateLayout layout : StateLayout.values()) {
			try (LayoutStorage warm = LayoutStorage.open(backend, layout, this.runId + "w")) {
				converse(warm.persister(), "warm-up", WARM_UP_TURNS, null);
			}
		}
	}

	private Recorded converse(StateStore persister, int turns) {
		Recorded recorded = new Recorded(turns);
		converse(persister, APP_ID, turns, recorded);
		return recorded;
	}

	/**
	 * Loads of the latest step and of a random older one, Burr's layout and the delta layout alternating on the
	 * same sequence ids, so that both see the same moments of the machine.
	 */
	private static Loads loads(StateStore burr, StateStore delta, int turns) {
		long[][] nanos = new long[4][LOADS];
		Random random = new Random(6);
		for (int i = 0; i < LOADS; i++) {
			long seq = random.nextInt(turns - 1);
			StateStore[] stores = (i % 2 == 0) ? new StateStore[] { burr, delta } : new StateStore[] { delta, burr };
			for (StateStore store : stores) {
				int column = (store == burr) ? 0 : 2;
				nanos[column][i] = timeLoad(store, null, turns);
				nanos[column + 1][i] = timeLoad(store, seq, (int) seq + 1);
			}
		}
		return new Loads(Cases.median(nanos[0]) / 1e3, Cases.median(nanos[1]) / 1e3, Cases.median(nanos[2]) / 1e3,
				Cases.median(nanos[3]) / 1e3);
	}

	private static long timeLoad(StateStore store, @Nullable Long sequenceId, int historySize) {
		long t0 = System.nanoTime();
		State state = store.load(PARTITION, APP_ID, sequenceId).orElseThrow().state();
		long elapsed = System.nanoTime() - t0;
		requireHistory(state, historySize);
		return elapsed;
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

		Measured measured(long storedBytes, double loadLatestMicros, double loadOldMicros) {
			int turns = this.nanos.length;
			int[][] windows = { Cases.window(10, turns), Cases.window(turns / 2, turns), Cases.window(turns, turns) };
			double[] stepMicros = new double[windows.length];
			for (int i = 0; i < windows.length; i++) {
				stepMicros[i] = Cases.medianOf(this.nanos, windows[i]) / 1e3;
			}
			return new Measured(storedBytes, stepMicros, loadLatestMicros, loadOldMicros,
					Cases.medianOf(this.allocated, windows[2]), Cases.medianOf(this.changeBytes, windows[2]));
		}

	}

	/** Median load times in microseconds. */
	private record Loads(double burrLatest, double burrOld, double deltaLatest, double deltaOld) {
	}

	/** What one layout measured. */
	private record Measured(long storedBytes, double[] stepMicros, double loadLatestMicros, double loadOldMicros,
			double allocatedPerStep, double changeBytes) {
	}

}
