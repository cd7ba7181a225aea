package dev.burr.benchmarks;

import java.util.*;
import java.util.concurrent.locks.*;

/** p99 of lock + signalAll + unlock, with a thread parked on the condition (a wake-up) and with none. */
public class SignalProbe {
	public static void main(String[] args) throws Exception {
		int samples = 10000;
		for (int round = 0; round < 2; round++) {
			for (boolean waiter : new boolean[] { true, false }) {
				ReentrantLock lock = new ReentrantLock();
				Condition changed = lock.newCondition();
				Thread t = null;
				if (waiter) {
					t = new Thread(() -> {
						while (!Thread.currentThread().isInterrupted()) {
							lock.lock();
							try { changed.await(); } catch (InterruptedException e) { return; } finally { lock.unlock(); }
						}
					});
					t.setDaemon(true);
					t.start();
				}
				long[] ns = new long[samples];
				for (int i = 0; i < samples + 1000; i++) {
					LockSupport.parkNanos(1_000_000);
					long t0 = System.nanoTime();
					lock.lock();
					try { changed.signalAll(); } finally { lock.unlock(); }
					long e = System.nanoTime() - t0;
					if (i >= 1000) ns[i - 1000] = e;
				}
				if (t != null) t.interrupt();
				Arrays.sort(ns);
				System.out.printf(Locale.ROOT, "%s: p50 %.2f us  p99 %.1f us  p99.9 %.1f us  load %s%n", waiter ? "waking a parked thread" : "no thread to wake     ", ns[samples / 2] / 1e3, ns[samples * 99 / 100] / 1e3, ns[samples * 999 / 1000] / 1e3, BurrBenchmarks.loadAverage());
			}
		}
	}
}
