package dev.burr.reliability;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import dev.burr.core.Application;
import dev.burr.core.StepResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Category 1 for {@code Durability.ASYNC}: a child JVM ({@link AsyncCrashChildMain}) steps {@value #APPS} counter
 * applications per backend, as fast as a write-behind queue of {@value #CAPACITY} steps per backend lets it, and
 * is stopped at a random moment.
 * <p>
 * SIGKILL, {@value #KILLS} times: what is stored of every application is its steps {@code 0..max} with no gap,
 * each computed from the one before; the steps lost per kill (steps the child reported returned, minus those
 * stored) are at most the queue's capacity, summed over the backend's applications; a rebuild continues at
 * {@code max + 1}. The lost steps per kill are printed per backend.
 * <p>
 * SIGTERM, {@value #TERMS} times: the child's shutdown hook closes the persisters, which drains the queues, so
 * every step that returned is stored.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class AsyncCrashFaultTests {

	static final int KILLS = Integer.getInteger("burr.reliability.asyncKills", 12);

	static final int TERMS = 2;

	static final int APPS = 3;

	static final int CAPACITY = 64;

	/** The backends that queue: every persister of {@link Stores} (the tracker saves nothing). */
	static final List<String> BACKENDS = List.of("postgres", "sqlite", "redis", "postgres-delta", "sqlite-delta",
			"redis-delta");

	/** How long a child steps before it is stopped: a random time in this range, in milliseconds. */
	static final int MIN_RUN_MS = 100;

	static final int MAX_RUN_MS = 700;

	@TempDir
	static Path work;

	private static Stores.Config base;

	private static Path archive;

	private static Path stderr;

	private static Map<String, Stores.Store> stores;

	private static final boolean TRACE = Boolean.getBoolean("burr.reliability.trace");

	@BeforeAll
	static void warmUp() throws Exception {
		base = Stores.Config.fresh(work, "async").with("durability", "ASYNC")
			.with("wb.capacity", Integer.toString(CAPACITY))
			.with("backends", String.join(",", BACKENDS))
			.with("apps", Integer.toString(APPS))
			.with("maxSleepMs", "0");
		Stores.initialize(base);
		stderr = work.resolve("children.err");
		stores = new LinkedHashMap<>();
		// the test JVM checks and resumes with SYNC applications on stores of its own
		Stores.Config checking = base.with("durability", "SYNC");
		for (String backend : BACKENDS) {
			stores.put(backend, Stores.open(backend, checking));
		}
		// a warm-up child that exits normally writes the class-data sharing archive the other children start from
		archive = work.resolve("async-child.jsa");
		List<String> options = new ArrayList<>(base.with("app", "warm-" + UUID.randomUUID())
			.with("seed", "0")
			.with("exitAfter", "20")
			.jvmOptions());
		options.add("-XX:ArchiveClassesAtExit=" + archive);
		Child warm = Child.start(AsyncCrashChildMain.class, options, stderr);
		boolean exited = warm.awaitExit(120_000);
		warm.close();
		if (TRACE) {
			System.err.println("async warm-up exited=" + exited + " archive=" + Files.exists(archive) + " "
					+ warm.lines().stream().filter(l -> !l.startsWith("done")).toList());
		}
		assertThat(warm.lines().stream().filter(line -> line.startsWith("error"))).as("warm-up errors").isEmpty();
		assertThat(Child.count(warm.lines(), "drained ")).as("warm-up drained on exit").isEqualTo(BACKENDS.size());
	}

	@AfterAll
	static void cleanUp() {
		if (stores != null) {
			stores.values().forEach(Stores.Store::close);
		}
		if (base != null) {
			Stores.cleanUp(base);
		}
	}

	@Test
	void sigkillLosesAtMostTheQueuedStepsAndLeavesNoGap() throws Exception {
		String appPrefix = "async-kill-" + UUID.randomUUID();
		Random random = new Random(Summary.seed() ^ 0x5151);
		Map<String, Tally> tallies = tallies();
		long started = System.nanoTime();
		for (int kill = 1; kill <= KILLS; kill++) {
			List<String> lines = runChild(appPrefix, random, false, kill, tallies);
			for (String backend : BACKENDS) {
				afterStop("kill " + kill, backend, appPrefix, lines, tallies.get(backend), random, false);
			}
		}
		report("async-kill", tallies, started, KILLS, CAPACITY);
		for (String backend : BACKENDS) {
			Tally tally = tallies.get(backend);
			assertThat(tally.lostPerStop).as("steps of %s lost per kill", backend)
				.allMatch(lost -> lost <= CAPACITY);
			assertThat(tally.deepest).as("deepest queue of %s", backend).isLessThanOrEqualTo(CAPACITY);
		}
	}

	@Test
	void sigtermDrainsEveryStepThatReturned() throws Exception {
		String appPrefix = "async-term-" + UUID.randomUUID();
		Random random = new Random(Summary.seed() ^ 0x7e7e);
		Map<String, Tally> tallies = tallies();
		long started = System.nanoTime();
		for (int term = 1; term <= TERMS; term++) {
			List<String> lines = runChild(appPrefix, random, true, term, tallies);
			for (String backend : BACKENDS) {
				Tally tally = tallies.get(backend);
				if (lines.stream().noneMatch(line -> line.startsWith("drained " + backend + " "))) {
					tally.problems.add(backend + " after SIGTERM " + term + ": the shutdown hook did not drain it");
				}
				afterStop("SIGTERM " + term, backend, appPrefix, lines, tally, random, true);
			}
		}
		report("async-term", tallies, started, TERMS, 0);
		for (String backend : BACKENDS) {
			assertThat(tallies.get(backend).lostPerStop).as("steps of %s lost per SIGTERM", backend)
				.allMatch(lost -> lost == 0);
		}
	}

	private static Map<String, Tally> tallies() {
		Map<String, Tally> tallies = new LinkedHashMap<>();
		BACKENDS.forEach(backend -> tallies.put(backend, new Tally()));
		return tallies;
	}

	/** Starts a child on the applications, lets it step for a random while and kills or terminates it. */
	private static List<String> runChild(String appPrefix, Random random, boolean graceful, int round,
			Map<String, Tally> tallies) throws Exception {
		List<String> options = new ArrayList<>(base.with("app", appPrefix)
			.with("seed", Long.toString(random.nextLong()))
			.jvmOptions());
		if (Files.exists(archive)) {
			options.add("-XX:SharedArchiveFile=" + archive);
		}
		Child child = Child.start(AsyncCrashChildMain.class, options, stderr);
		try {
			boolean ready = child.await(lines -> lines.contains("go") || Child.count(lines, "error ") > 0, 60_000);
			if (!ready) {
				tallies.values().forEach(t -> t.problems.add("child " + round + " was not ready within 60 s"));
			}
			Thread.sleep(MIN_RUN_MS + random.nextInt(MAX_RUN_MS - MIN_RUN_MS));
			if (graceful) {
				child.terminate(); // SIGTERM: the shutdown hook runs
				if (!child.awaitExit(60_000)) {
					tallies.values().forEach(t -> t.problems.add("child " + round + " did not exit after SIGTERM"));
				}
			}
			else {
				child.kill();
			}
		}
		finally {
			child.close();
		}
		List<String> lines = child.lines();
		if (TRACE) {
			System.err.println((graceful ? "term " : "kill ") + round + ": exit=" + child.process.exitValue() + " "
					+ lines.stream().filter(l -> !l.startsWith("done") && !l.startsWith("ready")).toList() + " done="
					+ Child.count(lines, "done") + " stderr: "
					+ (Files.exists(stderr) ? Files.readString(stderr).lines().filter(l -> !l.contains("[cds]")).toList() : ""));
		}
		return lines;
	}

	/** Checks every application of {@code backend} after the child stopped, then resumes each and steps once. */
	private static void afterStop(String when, String backend, String appPrefix, List<String> lines, Tally tally,
			Random random, boolean graceful) {
		tally.stops++;
		long[] maxDone = new long[APPS];
		java.util.Arrays.fill(maxDone, -1);
		for (String line : lines) {
			String[] parts = line.split(" ");
			if (parts.length < 2 || !parts[1].equals(backend)) {
				continue;
			}
			switch (parts[0]) {
				case "done" -> {
					int app = Integer.parseInt(parts[2]);
					maxDone[app] = Math.max(maxDone[app], Long.parseLong(parts[3]));
					tally.childSteps++;
				}
				case "depth" -> tally.deepest = Math.max(tally.deepest, Integer.parseInt(parts[2]));
				case "error" -> tally.problems.add(backend + " " + when + ": " + line);
				case "stopped" -> {
					if (!graceful) {
						tally.problems.add(backend + " " + when + ": " + line);
					}
				}
				default -> {
				}
			}
		}
		long lost = 0;
		for (int i = 0; i < APPS; i++) {
			String appId = appPrefix + "-" + i;
			String what = backend + " app " + i + " after " + when;
			Stores.Store store = stores.get(backend);
			List<Stores.StoredStep> steps = store.steps(appId);
			tally.problems.addAll(Invariants.problems(what, steps));
			long last = Invariants.last(steps);
			if (maxDone[i] > last) {
				lost += maxDone[i] - last;
			}
			resumeAndStep(what, store, appId, last, tally, random);
		}
		tally.lostPerStop.add(lost);
		if (lost > CAPACITY) {
			tally.problems.add(backend + " after " + when + ": " + lost + " steps that returned are not stored, more "
					+ "than the queue's capacity of " + CAPACITY);
		}
		if (graceful && lost > 0) {
			tally.problems.add(backend + " after " + when + ": " + lost + " steps that returned are not stored although "
					+ "the shutdown hook drained the queue");
		}
	}

	/** Rebuilds with {@code resumeAtNextAction=true}: it must be at {@code last} and step exactly {@code last + 1}. */
	private static void resumeAndStep(String what, Stores.Store store, String appId, long last, Tally tally,
			Random random) {
		Application app = store.resume(appId, "test-jvm", random, 0);
		String expectedNext = (last < 0) ? CounterApp.ENTRYPOINT : CounterApp.successor(CounterApp.positionOf(last));
		if (app.sequenceId().orElse(-1) != last) {
			tally.problems.add(what + ": rebuilt at sequence id " + app.sequenceId() + ", stored last is " + last);
		}
		if (!app.nextAction().equals(Optional.of(expectedNext))) {
			tally.problems.add(what + ": rebuilt with next action " + app.nextAction() + ", expected " + expectedNext);
		}
		StepResult step = app.step().orElseThrow();
		if (step.sequenceId() != last + 1 || !step.action().equals(expectedNext)) {
			tally.problems.add(what + ": the rebuilt app stepped " + step.action() + " at " + step.sequenceId()
					+ ", expected " + expectedNext + " at " + (last + 1));
		}
		tally.resumes++;
	}

	/**
	 * Prints each backend's summary; its {@code stepsLost} are the steps lost beyond what the contract allows,
	 * {@code allowed} per stop (the queue's capacity for a kill, nothing for SIGTERM).
	 */
	private static void report(String category, Map<String, Tally> tallies, long started, int stops, int allowed) {
		long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
		List<String> problems = new ArrayList<>();
		for (String backend : BACKENDS) {
			Tally tally = tallies.get(backend);
			long maxLost = tally.lostPerStop.stream().mapToLong(Long::longValue).max().orElse(0);
			double meanLost = tally.lostPerStop.stream().mapToLong(Long::longValue).average().orElse(0);
			long beyondBound = tally.lostPerStop.stream().mapToLong(lost -> Math.max(0, lost - allowed)).sum();
			Summary.print(category, backend, tally.stops, tally.stops, tally.problems.size(), beyondBound,
					String.format("lostPerStop max=%d mean=%.1f capacity=%d deepestQueue=%d apps=%d stepsByChildren=%d"
							+ " resumesChecked=%d lostPerStop=%s seed=%d time=%ds", maxLost, meanLost, CAPACITY,
							tally.deepest, APPS, tally.childSteps, tally.resumes, tally.lostPerStop, Summary.seed(),
							seconds));
			problems.addAll(tally.problems);
		}
		for (String backend : BACKENDS) {
			Tally tally = tallies.get(backend);
			assertThat(tally.stops).as("stops of %s", backend).isEqualTo(stops);
			assertThat(tally.childSteps).as("steps the children took on %s", backend).isGreaterThan(stops);
		}
		assertThat(problems).isEmpty();
	}

	private static final class Tally {

		long stops;

		long childSteps;

		long resumes;

		int deepest;

		final List<Long> lostPerStop = new ArrayList<>();

		final List<String> problems = new ArrayList<>();

	}

}
