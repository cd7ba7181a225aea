package dev.burr.benchmarks;

import java.util.*;
import java.util.concurrent.locks.LockSupport;
import dev.burr.core.State;
import dev.burr.persistence.*;
import dev.burr.persistence.write.*;

/** Time of WriteBehind.enqueue for a lone producer, by how much CPU the writer burns per batch (0, 50, 200 us). */
public class WakeProbe {
	static volatile long sink;
	public static void main(String[] args) throws Exception {
		int samples = Integer.getInteger("samples", 10000);
		State state = State.of(Map.of("x", 1));
		for (int round = 0; round < 2; round++) {
			for (long burn : new long[] { 0, 50_000, 200_000 }) {
				StateSaver target = new StateSaver() {
					public void initialize() {}
					public boolean isInitialized() { return true; }
					public void save(String pk, String appId, long seq, String position, State s, Status status) {
						long end = System.nanoTime() + burn;
						while (System.nanoTime() < end) sink++;
					}
				};
				WriteBehind queue = new WriteBehind(target, WriteBehindSettings.defaults(), "probe");
				long[] t = new long[samples];
				for (int i = 0; i < samples + 1000; i++) {
					StepSave step = new StepSave("u", "app-" + burn + "-" + round, i, "a", state, Status.COMPLETED, StateChange.unknown());
					long t0 = System.nanoTime();
					queue.enqueue(step, 0);
					long e = System.nanoTime() - t0;
					if (i >= 1000) t[i - 1000] = e;
					LockSupport.parkNanos(1_000_000);
				}
				queue.close();
				Arrays.sort(t);
				System.out.printf(Locale.ROOT, "writer burns %3d us per step: enqueue p50 %.1f us  p99 %.1f us  p99.9 %.1f us  load %s%n", burn / 1000, t[samples / 2] / 1e3, t[samples * 99 / 100] / 1e3, t[samples * 999 / 1000] / 1e3, BurrBenchmarks.loadAverage());
			}
		}
	}
}
