package dev.burr.benchmarks;

import java.util.*;
import java.util.concurrent.locks.LockSupport;
import dev.burr.core.Application;
import dev.burr.persistence.*;
import dev.burr.persistence.write.*;

/** Lone ASYNC app vs in-memory: p99 by think time, and split by whether the writer was still busy when the step began. */
public class AsyncLatencyProbe {
	public static void main(String[] args) throws Exception {
		String which = args.length > 0 ? args[0] : "redis";
		int samples = Integer.getInteger("samples", 10000);
		Backend backend = BurrBenchmarks.open(which, "al" + (System.nanoTime() % 10000));
		try {
			StatePersister async = backend.durable(256, WriteBehindSettings.defaults());
			WriteBehind queue = async.writeBehind();
			InMemoryStatePersister memory = new InMemoryStatePersister();
			long ids = 0;
			for (long think : new long[] { 1_000_000, 5_000_000, 1_000_000, 5_000_000 }) {
				Application a = null, m = null;
				List<Long> busy = new ArrayList<>(), idle = new ArrayList<>(), mem = new ArrayList<>();
				for (int i = 0; i < samples + 1000; i++) {
					int turn = i % 20;
					if (turn == 0) { a = Chatbot.build(async, "a" + (ids++), "u", Durability.ASYNC); m = Chatbot.build(memory, "m" + (ids++), "u"); }
					var in = Chatbot.inputs(turn);
					boolean writerBusy = queue.depth() > 0;
					long t0 = System.nanoTime(); a.step(in); long ta = System.nanoTime() - t0;
					t0 = System.nanoTime(); m.step(in); long tm = System.nanoTime() - t0;
					if (i >= 1000) { (writerBusy ? busy : idle).add(ta); mem.add(tm); }
					LockSupport.parkNanos(think);
				}
				queue.flush(java.time.Duration.ofSeconds(30));
				System.out.printf(Locale.ROOT, "%s think %d us: async p99 %.1f us (writer busy at start: %d steps, p99 %.1f; idle: %d steps, p99 %.1f), memory p99 %.1f us, load %s%n",
						which, think / 1000, p99(concat(busy, idle)), busy.size(), p99(busy), idle.size(), p99(idle), p99(mem), BurrBenchmarks.loadAverage());
			}
			((AutoCloseable) async).close();
		}
		finally {
			backend.close();
		}
	}
	static List<Long> concat(List<Long> a, List<Long> b) { List<Long> c = new ArrayList<>(a); c.addAll(b); return c; }
	static double p99(List<Long> v) {
		if (v.isEmpty()) return Double.NaN;
		List<Long> s = new ArrayList<>(v); Collections.sort(s);
		return s.get(Math.min(s.size() - 1, (int) Math.ceil(0.99 * s.size()) - 1)) / 1e3;
	}
}
