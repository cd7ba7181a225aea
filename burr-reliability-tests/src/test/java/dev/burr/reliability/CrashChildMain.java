package dev.burr.reliability;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import dev.burr.core.Application;
import dev.burr.core.StepResult;

/**
 * Child JVM of {@link CrashFaultTests}: resumes one counter application per backend named in
 * {@code burr.reliability.backends} (one thread each) and steps them until it is killed. Prints
 * {@code ready <backend> <seq>} once the application is rebuilt, {@code done <backend> <seq> <action>} after each
 * step returned (so the step is stored), and {@code error <backend> <exception>} on any failure. With
 * {@code burr.reliability.exitAfter} it exits normally after that many steps (the warm-up run that writes the
 * class-data-sharing archive later children start from).
 */
public final class CrashChildMain {

	private CrashChildMain() {
	}

	public static void main(String[] args) throws Exception {
		Stores.Config config = Stores.Config.fromSystemProperties();
		String appId = config.get("app");
		long seed = Long.parseLong(config.get("seed"));
		int maxSleep = Integer.parseInt(config.get("maxSleepMs"));
		List<Thread> threads = new ArrayList<>();
		for (String backend : config.get("backends").split(",")) {
			Thread thread = new Thread(() -> run(backend, config, appId, new Random(seed ^ backend.hashCode()),
					maxSleep), "step-" + backend);
			thread.start();
			threads.add(thread);
		}
		for (Thread thread : threads) {
			thread.join();
		}
		System.exit(0);
	}

	private static void run(String backend, Stores.Config config, String appId, Random random, int maxSleep) {
		try {
			Stores.Store store = Stores.open(backend, config);
			Application app = store.resume(appId, "child-" + ProcessHandle.current().pid(), random, maxSleep);
			say("ready " + backend + " " + app.sequenceId().orElse(-1) + " uptime="
					+ java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime());
			int exitAfter = Integer.parseInt(config.values().getOrDefault("exitAfter", "-1"));
			for (int i = 0; exitAfter < 0 || i < exitAfter; i++) {
				StepResult step = app.step().orElseThrow();
				say("done " + backend + " " + step.sequenceId() + " " + step.action());
			}
			store.close();
		}
		catch (Throwable ex) {
			say("error " + backend + " " + ex.toString().replace('\n', ' '));
		}
	}

	static void say(String line) {
		synchronized (System.out) {
			System.out.println(line);
			System.out.flush();
		}
	}

}
