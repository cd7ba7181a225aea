package dev.burr.benchmarks;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;

/**
 * Warm-up and repeated trials. Ours and raw are measured alternately (ours, raw, ours, raw...) so that a busy
 * neighbour slows both alike; each figure is the median of its trials.
 */
final class Harness {

	/** One unit of work: a step, an insert, a serde round trip. Not shared between threads. */
	interface Op extends AutoCloseable {

		void run() throws Exception;

		@Override
		default void close() throws Exception {
		}

	}

	/**
	 * Throughputs (ops per second) of ours and raw, the errors seen, and the CPU time the benchmark threads
	 * themselves used per op (microseconds; the database's or Redis's own CPU is not in it).
	 */
	record Pair(double ours, double raw, long errors, double[] oursTrials, double[] rawTrials, double oursCpuMicros,
			double rawCpuMicros) {
	}

	private static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory
		.getThreadMXBean();

	private Harness() {
	}

	/**
	 * Runs {@code threads} copies of each side ({@code ours.apply(i)} makes thread i's op), alternating, and
	 * returns median ops per second. {@code beforePhase} runs before each warm-up or trial (to reset stores).
	 */
	static Pair throughput(Settings settings, int threads, IntFunction<Op> ours, IntFunction<Op> raw,
			Runnable beforePhase) {
		long errors = 0;
		errors += warmUp(settings, threads, ours, beforePhase);
		errors += warmUp(settings, threads, raw, beforePhase);
		double[] oursTrials = new double[settings.trials()];
		double[] rawTrials = new double[settings.trials()];
		double[] oursCpu = new double[settings.trials()];
		double[] rawCpu = new double[settings.trials()];
		for (int trial = 0; trial < settings.trials(); trial++) {
			beforePhase.run();
			long[] o = run(threads, ours, settings.trial().toNanos());
			beforePhase.run();
			long[] r = run(threads, raw, settings.trial().toNanos());
			oursTrials[trial] = o[0] * 1e9 / o[2];
			rawTrials[trial] = r[0] * 1e9 / r[2];
			oursCpu[trial] = o[3] / 1e3 / Math.max(1, o[0]);
			rawCpu[trial] = r[3] / 1e3 / Math.max(1, r[0]);
			errors += o[1] + r[1];
		}
		return new Pair(median(oursTrials), median(rawTrials), errors, oursTrials, rawTrials, median(oursCpu),
				median(rawCpu));
	}

	/**
	 * Runs for the warm-up time, and on until {@link Settings#warmupOps()} ops have run (at most ten warm-up
	 * times): slow backends need the ops, not the seconds, for the JIT to compile the code under test.
	 */
	private static long warmUp(Settings settings, int threads, IntFunction<Op> factory, Runnable beforePhase) {
		return warmUp(settings, threads, factory, beforePhase, () -> {
		});
	}

	private static long warmUp(Settings settings, int threads, IntFunction<Op> factory, Runnable beforePhase,
			Runnable drain) {
		long ops = 0;
		long errors = 0;
		long spent = 0;
		long limit = settings.warmup().toNanos() * 10;
		do {
			beforePhase.run();
			long[] done = run(threads, factory, settings.warmup().toNanos(), drain);
			ops += done[0];
			errors += done[1];
			spent += done[2];
		}
		while (ops < settings.warmupOps() && spent < limit);
		return errors;
	}

	/**
	 * One side of {@link #alternate}: {@code threads} copies of its op, and what ends its timed window once the
	 * threads have stopped ({@code drain}: waiting for a write-behind queue to store what they queued; the clock
	 * stops after it).
	 */
	record Side(String name, IntFunction<Op> ops, Runnable drain) {

		static Side of(String name, IntFunction<Op> ops) {
			return new Side(name, ops, () -> {
			});
		}

	}

	/**
	 * One side's trials: ops per second (ops over the window and its drain), the benchmark threads' CPU and the
	 * whole process's CPU (writer threads, pools, I/O threads included) per op in microseconds, and the drain's
	 * share of each trial in milliseconds.
	 */
	record Trials(String name, double[] opsPerSecond, double[] threadCpuMicros, double[] processCpuMicros,
			double[] drainMillis, long errors) {

		double median() {
			return Harness.median(this.opsPerSecond);
		}

	}

	private static final com.sun.management.OperatingSystemMXBean OS =
			(com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

	/**
	 * Like {@link #throughput} for any number of sides: each warms up in turn, then every trial runs every side
	 * once, starting with a different side each trial, so that all see the same moments of the machine.
	 */
	static List<Trials> alternate(Settings settings, int threads, List<Side> sides, Runnable beforePhase) {
		long[] errors = new long[sides.size()];
		for (int s = 0; s < sides.size(); s++) {
			Side side = sides.get(s);
			errors[s] += warmUp(settings, threads, side.ops(), beforePhase, side.drain());
		}
		int trials = settings.trials();
		double[][] rate = new double[sides.size()][trials];
		double[][] cpu = new double[sides.size()][trials];
		double[][] processCpu = new double[sides.size()][trials];
		double[][] drain = new double[sides.size()][trials];
		for (int trial = 0; trial < trials; trial++) {
			for (int k = 0; k < sides.size(); k++) {
				int s = (trial + k) % sides.size();
				Side side = sides.get(s);
				beforePhase.run();
				long process0 = OS.getProcessCpuTime();
				long[] done = run(threads, side.ops(), settings.trial().toNanos(), side.drain());
				long processNanos = OS.getProcessCpuTime() - process0;
				rate[s][trial] = done[0] * 1e9 / done[2];
				cpu[s][trial] = done[3] / 1e3 / Math.max(1, done[0]);
				processCpu[s][trial] = processNanos / 1e3 / Math.max(1, done[0]);
				drain[s][trial] = done[4] / 1e6;
				errors[s] += done[1];
			}
		}
		List<Trials> result = new ArrayList<>();
		for (int s = 0; s < sides.size(); s++) {
			result.add(new Trials(sides.get(s).name(), rate[s], cpu[s], processCpu[s], drain[s], errors[s]));
		}
		return result;
	}

	private static long[] run(int threads, IntFunction<Op> factory, long nanos) {
		return run(threads, factory, nanos, () -> {
		});
	}

	/** Returns {ops, errors, elapsed nanos (window and drain), CPU nanos of the benchmark threads, drain nanos}. */
	private static long[] run(int threads, IntFunction<Op> factory, long nanos, Runnable drain) {
		List<Op> ops = new ArrayList<>(threads);
		for (int i = 0; i < threads; i++) {
			ops.add(factory.apply(i));
		}
		long[] counts = new long[threads];
		long[] errors = new long[threads];
		long[] cpu = new long[threads];
		AtomicReference<Throwable> fatal = new AtomicReference<>();
		CountDownLatch start = new CountDownLatch(1);
		List<Thread> workers = new ArrayList<>();
		long[] window = new long[2];
		for (int i = 0; i < threads; i++) {
			int index = i;
			Thread worker = new Thread(() -> {
				try {
					start.await();
					long end = window[1];
					long cpu0 = THREADS.getCurrentThreadCpuTime();
					Op op = ops.get(index);
					long done = 0;
					long failed = 0;
					while (System.nanoTime() < end) {
						try {
							op.run();
							done++;
						}
						catch (Exception ex) {
							failed++;
							if (failed == 1) {
								System.err.println("# error in benchmark op: " + ex);
							}
							if (failed > 1_000) {
								throw ex;
							}
						}
					}
					counts[index] = done;
					errors[index] = failed;
					cpu[index] = THREADS.getCurrentThreadCpuTime() - cpu0;
				}
				catch (Throwable ex) {
					fatal.compareAndSet(null, ex);
				}
			}, "bench-" + i);
			workers.add(worker);
			worker.start();
		}
		window[0] = System.nanoTime();
		window[1] = window[0] + nanos;
		start.countDown();
		for (Thread worker : workers) {
			try {
				worker.join();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}
		long joined = System.nanoTime();
		if (fatal.get() == null) {
			drain.run();
		}
		long elapsed = System.nanoTime() - window[0];
		for (Op op : ops) {
			try {
				op.close();
			}
			catch (Exception ex) {
				throw new IllegalStateException("Cannot close benchmark op", ex);
			}
		}
		if (fatal.get() != null) {
			throw new IllegalStateException("Benchmark op failed", fatal.get());
		}
		return new long[] { Arrays.stream(counts).sum(), Arrays.stream(errors).sum(), elapsed,
				Arrays.stream(cpu).sum(), elapsed - (joined - window[0]) };
	}

	static double median(double[] values) {
		double[] sorted = values.clone();
		Arrays.sort(sorted);
		int n = sorted.length;
		return (n % 2 == 1) ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
	}

	static double percentile(long[] sortedNanos, double p) {
		int index = (int) Math.ceil(p / 100.0 * sortedNanos.length) - 1;
		return sortedNanos[Math.max(0, Math.min(sortedNanos.length - 1, index))];
	}

}
