package dev.burr.reliability;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import dev.burr.core.Application;
import dev.burr.core.StepResult;
import dev.burr.persistence.BurrPersistenceException;
import dev.burr.persistence.Durability;
import dev.burr.persistence.StateConflictException;

/**
 * Child JVM of {@link ConcurrentWritersFaultTests}: for each backend in {@code burr.reliability.backends} (one
 * thread each) it resumes the shared application, prints {@code ready <backend>}, waits for the go file, then
 * steps for {@code burr.reliability.durationMs}. Prints {@code won <backend> <seq>} after each stored step,
 * {@code conflict <backend> <seq>} when another writer had stored that step first (it then rebuilds from storage
 * and goes on), {@code end <backend>} when done and {@code error <backend> <exception>} on anything else.
 * <p>
 * With {@code burr.reliability.durability=ASYNC} a step returns once queued, so it prints
 * {@code returned <backend> <seq>} instead of {@code won}; a conflict of the background save comes from a later
 * step or from the final flush as a {@link BurrPersistenceException} caused by {@link StateConflictException},
 * printed {@code surfaced <backend> <app's sequence id>} (the application then rebuilds from storage and goes
 * on); {@code flushed <backend>} when the final flush stored everything still queued.
 */
public final class ContendChildMain {

	private ContendChildMain() {
	}

	public static void main(String[] args) throws Exception {
		Stores.Config config = Stores.Config.fromSystemProperties();
		List<Thread> threads = new ArrayList<>();
		for (String backend : config.get("backends").split(",")) {
			Thread thread = new Thread(() -> run(backend, config), "contend-" + backend);
			thread.start();
			threads.add(thread);
		}
		for (Thread thread : threads) {
			thread.join();
		}
		System.exit(0);
	}

	private static void run(String backend, Stores.Config config) {
		String appId = config.get("app");
		String writer = config.get("writer");
		Random random = new Random(Long.parseLong(config.get("seed")) ^ backend.hashCode());
		Path go = Path.of(config.get("goFile"));
		long duration = Long.parseLong(config.get("durationMs"));
		try (Stores.Store store = Stores.open(backend, config)) {
			Application app = store.resume(appId, writer, random, 2);
			CrashChildMain.say("ready " + backend);
			while (!Files.exists(go)) {
				Thread.sleep(1);
			}
			long end = System.currentTimeMillis() + duration;
			if (config.durability() == Durability.ASYNC) {
				stepAsync(backend, store, app, appId, writer, random, end);
				CrashChildMain.say("end " + backend);
				return;
			}
			while (System.currentTimeMillis() < end) {
				long attempted = app.sequenceId().orElse(-1) + 1;
				try {
					StepResult step = app.step().orElseThrow();
					CrashChildMain.say("won " + backend + " " + step.sequenceId());
				}
				catch (StateConflictException ex) {
					CrashChildMain.say("conflict " + backend + " " + attempted);
					app = rebuild(store, appId, writer, random);
				}
			}
			CrashChildMain.say("end " + backend);
		}
		catch (Throwable ex) {
			CrashChildMain.say("error " + backend + " " + ex.toString().replace('\n', ' '));
		}
	}

	/** ASYNC: steps until {@code end}, then flushes; each conflict raised later is printed and rebuilt from. */
	private static void stepAsync(String backend, Stores.Store store, Application first, String appId, String writer,
			Random random, long end) throws InterruptedException {
		Application app = first;
		boolean flushed = false;
		while (!flushed) {
			try {
				if (System.currentTimeMillis() < end) {
					StepResult step = app.step().orElseThrow();
					CrashChildMain.say("returned " + backend + " " + step.sequenceId());
				}
				else {
					app.flush();
					CrashChildMain.say("flushed " + backend);
					flushed = true;
				}
			}
			catch (BurrPersistenceException ex) {
				if (!(ex.getCause() instanceof StateConflictException) || !ex.getMessage().contains("cannot go on")) {
					throw ex;
				}
				CrashChildMain.say("surfaced " + backend + " " + app.sequenceId().orElse(-1));
				app = rebuild(store, appId, writer, random);
			}
		}
		((Stores.PersisterStore) store).drain();
	}

	private static Application rebuild(Stores.Store store, String appId, String writer, Random random)
			throws InterruptedException {
		for (int attempt = 1;; attempt++) {
			try {
				return store.resume(appId, writer, random, 2);
			}
			catch (BurrPersistenceException ex) {
				if (attempt == 20) {
					throw ex;
				}
				Thread.sleep(10);
			}
		}
	}

}
