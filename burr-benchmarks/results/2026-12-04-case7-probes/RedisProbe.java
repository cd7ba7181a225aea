package dev.burr.benchmarks;

import java.util.*;
import dev.burr.core.Application;
import dev.burr.persistence.*;
import dev.burr.persistence.write.WriteBehindSettings;
import dev.burr.serde.StateSerde;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.sync.RedisCommands;

/** Redis server CPU (INFO cpu) and command time (INFO commandstats) per step: raw HSET+ZADD, ours SYNC one by one, ours ASYNC batches. */
public class RedisProbe {
	static RedisCommands<String, String> info;
	static double[] server() {
		String cpu = info.info("cpu");
		double user = 0, sys = 0;
		for (String line : cpu.split("\r?\n")) {
			if (line.startsWith("used_cpu_user:")) user = Double.parseDouble(line.split(":")[1]);
			if (line.startsWith("used_cpu_sys:")) sys = Double.parseDouble(line.split(":")[1]);
		}
		double usec = 0;
		for (String line : info.info("commandstats").split("\r?\n")) {
			int i = line.indexOf("usec=");
			if (i > 0 && !line.startsWith("cmdstat_info")) usec += Double.parseDouble(line.substring(i + 5, line.indexOf(',', i)));
		}
		return new double[] { (user + sys) * 1e6, usec };
	}
	static void report(String name, double[] before, long steps, long wallNanos, long cpu0) {
		double[] after = server();
		long process = ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime() - cpu0;
		System.out.printf(Locale.ROOT, "%-44s %6.0f steps/s  redis cpu %5.1f us/step  redis command time %5.1f us/step  client process cpu %5.1f us/step  load %s%n",
				name, steps * 1e9 / wallNanos, (after[0] - before[0]) / steps, (after[1] - before[1]) / steps, process / 1e3 / steps, BurrBenchmarks.loadAverage());
	}
	static long cpu() { return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime(); }
	public static void main(String[] args) throws Exception {
		String url = BurrBenchmarks.env("BURR_TEST_REDIS_URL", BurrBenchmarks.DEFAULT_REDIS_URL);
		RedisClient client = RedisClient.create(url);
		info = client.connect().sync();
		List<String> json = Chatbot.storedJson(20, StateSerde.defaults());
		int steps = Integer.getInteger("steps", 5120);
		RedisBackend backend = new RedisBackend(url, "rp" + (System.nanoTime() % 10000));
		try {
			StatePersister single = backend.durable(1, WriteBehindSettings.defaults());
			StatePersister async = backend.durable(256, WriteBehindSettings.defaults());
			for (int round = 0; round < 3; round++) {
				// raw, one thread
				Backend.RawWriter raw = backend.rawWriter(false);
				double[] b = server(); long c0 = cpu(); long t0 = System.nanoTime();
				for (int i = 0; i < steps; i++) raw.insert("user-rp", "raw-" + round + "-" + (i / 20), i % 20, Chatbot.position(i % 20), json.get(i % 20));
				report("raw HSET+ZADD, one thread", b, steps, System.nanoTime() - t0, c0);
				// raw, 64 threads on the shared connection (as case 7's raw side: Lettuce pipelines them)
				b = server(); c0 = cpu(); t0 = System.nanoTime();
				java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(64);
				List<java.util.concurrent.Future<?>> fs = new ArrayList<>();
				final int r0 = round;
				for (int t = 0; t < 64; t++) {
					final int thread = t;
					fs.add(pool.submit(() -> { Backend.RawWriter w = backend.rawWriter(false); for (int i = 0; i < steps / 64; i++) w.insert("user-rp", "raw64-" + r0 + "-" + thread + "-" + (i / 20), i % 20, Chatbot.position(i % 20), json.get(i % 20)); return null; }));
				}
				for (var f : fs) f.get();
				pool.shutdown();
				report("raw HSET+ZADD, 64 threads, shared connection", b, steps, System.nanoTime() - t0, c0);
				// ours SYNC, one thread, one by one
				b = server(); c0 = cpu(); t0 = System.nanoTime();
				Application app = null;
				for (int i = 0; i < steps; i++) {
					if (i % 20 == 0) app = Chatbot.build(single, "single-" + round + "-" + i, "user-rp");
					app.step(Chatbot.inputs(i % 20));
				}
				report("ours SYNC groupCommitLimit(1), one thread", b, steps, System.nanoTime() - t0, c0);
				// ours ASYNC: one thread stepping 64 apps, then flush
				b = server(); c0 = cpu(); t0 = System.nanoTime();
				Application[] apps = new Application[64];
				for (int i = 0; i < steps; i++) {
					int a = i % 64; int turn = (i / 64) % 20;
					if (turn == 0) apps[a] = Chatbot.build(async, "async-" + round + "-" + a + "-" + i, "user-rp", Durability.ASYNC);
					apps[a].step(Chatbot.inputs(turn));
				}
				async.writeBehind().flush(java.time.Duration.ofSeconds(60));
				report("ours ASYNC, 64 apps, batches, until drained", b, steps, System.nanoTime() - t0, c0);
			}
			((AutoCloseable) single).close(); ((AutoCloseable) async).close();
		}
		finally {
			backend.close();
			client.shutdown();
		}
	}
}
