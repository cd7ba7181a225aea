package dev.burr.reliability;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;

import dev.burr.core.Application;
import dev.burr.core.StepResult;
import dev.burr.persistence.write.WriteBehind;

/**
 * Child JVM of {@link AsyncCrashFaultTests}: for each backend in {@code burr.reliability.backends} it opens one
 * store whose persister queues {@code Durability.ASYNC} steps in a write-behind queue of
 * {@code burr.reliability.wb.capacity} steps, resumes {@code burr.reliability.apps} counter applications on it
 * (app ids {@code <app>-0}, {@code <app>-1}, ...), and steps each of them on a thread of its own as fast as the
 * queue lets it, until it is killed.
 * <p>
 * Prints {@code ready <backend> <app> <seq>} once an application is rebuilt, {@code go} when all are and the
 * stepping starts, {@code done <backend> <app> <seq>} after each step returned (so the step is queued, not
 * necessarily stored), {@code depth <backend> <n>} when a queue is deeper than ever before in this JVM, and
 * {@code error <backend> <app> <exception>} on any failure. A shutdown hook closes every persister (so SIGTERM
 * drains the queues) and prints {@code drained <backend> <depth before>}; a step refused after that prints
 * {@code stopped <backend> <app>}. With {@code burr.reliability.exitAfter} each application takes that many
 * steps and the JVM exits normally (the warm-up run that writes the class-data-sharing archive).
 */
public final class AsyncCrashChildMain {

	private static volatile boolean closing;

	private AsyncCrashChildMain() {
	}

	public static void main(String[] args) throws Exception {
		Stores.Config config = Stores.Config.fromSystemProperties();
		String appPrefix = config.get("app");
		int apps = Integer.parseInt(config.get("apps"));
		long seed = Long.parseLong(config.get("seed"));
		int maxSleep = Integer.parseInt(config.get("maxSleepMs"));
		int exitAfter = Integer.parseInt(config.values().getOrDefault("exitAfter", "-1"));
		Map<String, Stores.PersisterStore> stores = new LinkedHashMap<>();
		for (String backend : config.get("backends").split(",")) {
			stores.put(backend, (Stores.PersisterStore) Stores.open(backend, config));
		}
		Runtime.getRuntime().addShutdownHook(new Thread(() -> drain(stores), "drain"));
		int threadCount = stores.size() * apps;
		CountDownLatch ready = new CountDownLatch(threadCount);
		CountDownLatch go = new CountDownLatch(1);
		List<Thread> threads = new ArrayList<>();
		for (Map.Entry<String, Stores.PersisterStore> entry : stores.entrySet()) {
			for (int i = 0; i < apps; i++) {
				String backend = entry.getKey();
				String appId = appPrefix + "-" + i;
				int app = i;
				Random random = new Random(seed ^ backend.hashCode() ^ (31L * i));
				Thread thread = new Thread(() -> run(backend, app, entry.getValue(), appId, random, maxSleep, exitAfter,
						ready, go), "step-" + backend + "-" + i);
				thread.start();
				threads.add(thread);
			}
		}
		ready.await();
		Thread sampler = new Thread(() -> sample(stores), "depth-sampler");
		sampler.setDaemon(true);
		sampler.start();
		CrashChildMain.say("go");
		go.countDown();
		for (Thread thread : threads) {
			thread.join();
		}
		System.exit(0); // the shutdown hook drains
	}

	private static void run(String backend, int app, Stores.PersisterStore store, String appId, Random random,
			int maxSleep, int exitAfter, CountDownLatch ready, CountDownLatch go) {
		try {
			Application application;
			try {
				application = store.resume(appId, "child-" + ProcessHandle.current().pid(), random, maxSleep);
				CrashChildMain.say("ready " + backend + " " + app + " " + application.sequenceId().orElse(-1));
			}
			finally {
				ready.countDown();
			}
			go.await();
			for (int i = 0; exitAfter < 0 || i < exitAfter; i++) {
				StepResult step;
				try {
					step = application.step().orElseThrow();
				}
				catch (RuntimeException ex) {
					if (closing) {
						CrashChildMain.say("stopped " + backend + " " + app);
						return;
					}
					throw ex;
				}
				CrashChildMain.say("done " + backend + " " + app + " " + step.sequenceId());
			}
		}
		catch (Throwable ex) {
			CrashChildMain.say("error " + backend + " " + app + " " + ex.toString().replace('\n', ' '));
		}
	}

	/** Reports each queue's depth when it is deeper than seen before. */
	private static void sample(Map<String, Stores.PersisterStore> stores) {
		Map<String, Integer> deepest = new LinkedHashMap<>();
		while (!closing) {
			for (Map.Entry<String, Stores.PersisterStore> entry : stores.entrySet()) {
				WriteBehind queue = entry.getValue().persister.writeBehind();
				int depth = queue.depth();
				if (depth > deepest.getOrDefault(entry.getKey(), 0)) {
					deepest.put(entry.getKey(), depth);
					CrashChildMain.say("depth " + entry.getKey() + " " + depth);
				}
			}
			try {
				Thread.sleep(1);
			}
			catch (InterruptedException ex) {
				return;
			}
		}
	}

	/** The shutdown hook: closes each persister, which stores what its queue holds before it returns. */
	private static void drain(Map<String, Stores.PersisterStore> stores) {
		closing = true;
		CrashChildMain.say("closing");
		for (Map.Entry<String, Stores.PersisterStore> entry : stores.entrySet()) {
			try {
				int depth = entry.getValue().persister.writeBehind().depth();
				entry.getValue().drain();
				CrashChildMain.say("drained " + entry.getKey() + " " + depth);
			}
			catch (Throwable ex) {
				CrashChildMain.say("error " + entry.getKey() + " drain " + ex.toString().replace('\n', ' '));
			}
		}
	}

}
