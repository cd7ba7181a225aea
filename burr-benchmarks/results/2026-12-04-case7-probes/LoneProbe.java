package dev.burr.benchmarks;

import java.util.*;
import dev.burr.core.Application;
import dev.burr.persistence.*;
import dev.burr.persistence.write.WriteBehindSettings;

/** A/A and A/B of lone SYNC steps: two group-commit persisters and two groupCommitLimit(1) ones, rotating. */
public class LoneProbe {
	public static void main(String[] args) throws Exception {
		String which = args.length > 0 ? args[0] : "sqlite";
		int samples = Integer.getInteger("samples", 3000);
		Backend backend = BurrBenchmarks.open(which, "lp" + (System.nanoTime() % 10000));
		try {
			StatePersister[] ps = { backend.durable(256, WriteBehindSettings.defaults()), backend.durable(1, WriteBehindSettings.defaults()),
					backend.durable(256, WriteBehindSettings.defaults()), backend.durable(1, WriteBehindSettings.defaults()) };
			String[] names = { "group-A", "single-A", "group-B", "single-B" };
			Application[] apps = new Application[4];
			int[] seq = new int[4];
			long[][] nanos = new long[4][samples];
			long ids = 0;
			int warm = 500;
			for (int i = 0; i < warm + samples; i++) {
				for (int k = 0; k < 4; k++) {
					int w = (i + k) % 4;
					if (apps[w] == null || seq[w] == 20) { apps[w] = Chatbot.build(ps[w], names[w] + "-" + (ids++), "user-lp"); seq[w] = 0; }
					var in = Chatbot.inputs(seq[w]);
					long t0 = System.nanoTime();
					apps[w].step(in);
					long e = System.nanoTime() - t0;
					seq[w]++;
					if (i >= warm) nanos[w][i - warm] = e;
				}
			}
			for (int w = 0; w < 4; w++) {
				double mean = Arrays.stream(nanos[w]).average().orElse(0);
				Arrays.sort(nanos[w]);
				System.out.printf(Locale.ROOT, "%-9s median %6.1f us  mean %6.1f us  p10 %6.1f  p90 %6.1f%n", names[w], nanos[w][samples / 2] / 1e3, mean / 1e3, nanos[w][samples / 10] / 1e3, nanos[w][samples * 9 / 10] / 1e3);
			}
			System.out.println("load " + BurrBenchmarks.loadAverage());
		}
		finally {
			backend.close();
		}
	}
}
