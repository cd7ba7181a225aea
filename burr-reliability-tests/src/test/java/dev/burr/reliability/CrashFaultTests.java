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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Category 1, crash: a child JVM steps the counter application on PostgreSQL, SQLite, Redis and the tracker (one
 * thread and one app id per backend, the same app ids across every child) and is killed with SIGKILL at a random
 * moment, {@value #KILLS} times. After each kill the test JVM checks what is stored (sequence ids unique and
 * gap-free, each step computed from the one before), that no step a child reported as done is missing, rebuilds
 * the application with {@code resumeAtNextAction=true} and checks that it continues at exactly the action after
 * the last stored step, by taking that step itself; the next child then continues from there.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class CrashFaultTests {

	static final int KILLS = Integer.getInteger("burr.reliability.kills", 20);

	/** Upper bound of the random sleep inside each action, so that kills land mid-step. */
	static final int MAX_SLEEP_MS = 4;

	@TempDir
	Path work;

	private static final boolean TRACE = Boolean.getBoolean("burr.reliability.trace");

	@Test
	void sigkillAtRandomPointsLosesNoStep() throws Exception {
		Stores.Config base = Stores.Config.fresh(this.work, "crash");
		Stores.initialize(base);
		String appId = "crash-" + UUID.randomUUID();
		Map<String, String> values = new LinkedHashMap<>(base.values());
		values.put("app", appId);
		values.put("maxSleepMs", Integer.toString(MAX_SLEEP_MS));
		Path stderr = this.work.resolve("children.err");

		Map<String, Stores.Store> stores = new LinkedHashMap<>();
		Map<String, Tally> tallies = new LinkedHashMap<>();
		for (String backend : Stores.ALL) {
			stores.put(backend, Stores.open(backend, base));
			tallies.put(backend, new Tally());
		}
		long started = System.nanoTime();
		try {
			kills(stores, tallies, values, appId, stderr);
			long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
			report(appId, stores, tallies, seconds);
		}
		finally {
			stores.values().forEach(Stores.Store::close);
			Stores.cleanUp(base);
		}
	}

	/**
	 * {@value #KILLS} child JVMs, each stepping every backend (one thread each) and killed at a random moment, each
	 * kill checked on every backend. One JVM for all four backends keeps the suite's time bounded: a JVM start
	 * costs seconds of CPU on a busy machine, and each backend's thread is at its own random point of its step
	 * cycle when the kill lands.
	 */
	private static void kills(Map<String, Stores.Store> stores, Map<String, Tally> tallies, Map<String, String> base,
			String appId, Path stderr) throws Exception {
		Random random = new Random(Summary.seed());
		Map<String, String> values = new LinkedHashMap<>(base);
		values.put("backends", String.join(",", Stores.ALL));
		// child JVMs start slowly on busy machines: a warm-up child that exits normally writes a class-data
		// sharing archive the killed children start from
		Path archive = stderr.resolveSibling("crash-child.jsa");
		Map<String, String> warmUp = new LinkedHashMap<>(values);
		warmUp.put("seed", "0");
		warmUp.put("exitAfter", "20");
		List<String> warmUpOptions = new ArrayList<>(new Stores.Config(warmUp).jvmOptions());
		warmUpOptions.add("-XX:ArchiveClassesAtExit=" + archive);
		Child warm = Child.start(CrashChildMain.class, warmUpOptions, stderr);
		boolean warmExited = warm.awaitExit(120_000);
		warm.close();
		List<String> warmLines = warm.lines();
		for (String backend : Stores.ALL) {
			Tally tally = tallies.get(backend);
			warmLines.stream().filter(line -> line.startsWith("error " + backend + " ")).forEach(tally.problems::add);
			tally.childSteps += warmLines.stream().filter(line -> line.startsWith("done " + backend + " ")).count();
		}
		if (TRACE) {
			System.err.println("warm-up exited=" + warmExited + " archive=" + Files.exists(archive) + " "
					+ warmLines.stream().filter(l -> !l.startsWith("done")).toList() + " "
					+ (Files.exists(stderr) ? Files.readString(stderr) : ""));
		}
		for (int kill = 1; kill <= KILLS; kill++) {
			values.put("seed", Long.toString(random.nextLong()));
			List<String> options = new ArrayList<>(new Stores.Config(values).jvmOptions());
			if (Files.exists(archive)) {
				options.add("-XX:SharedArchiveFile=" + archive);
			}
			Child child = Child.start(CrashChildMain.class, options, stderr);
			try {
				boolean ready = child.await(lines -> Child.count(lines, "ready ") + Child.count(lines, "error ")
						>= Stores.ALL.size(), 60_000);
				// a random point: one time in five during the first steps after the rebuild, else after a random
				// number of steps, at a random moment within a step
				if (random.nextInt(5) != 0) {
					int steps = 1 + random.nextInt(12);
					child.await(lines -> Stores.ALL.stream()
						.allMatch(backend -> Child.count(lines, "done " + backend + " ") >= steps), 10_000);
				}
				Thread.sleep(random.nextInt(MAX_SLEEP_MS + 2));
				child.kill();
				if (!ready) {
					String message = "child " + kill + " was not ready within 60 s";
					tallies.values().forEach(t -> t.problems.add(message));
				}
			}
			finally {
				child.close();
			}
			List<String> lines = child.lines();
			for (String backend : Stores.ALL) {
				afterKill(kill, backend, stores.get(backend), appId, lines, tallies.get(backend), random);
			}
			if (TRACE) {
				System.err.println("kill " + kill + ": " + lines.stream().filter(l -> !l.startsWith("done")).toList()
						+ " done=" + Child.count(lines, "done"));
			}
		}
	}

	private static void report(String appId, Map<String, Stores.Store> stores, Map<String, Tally> tallies,
			long seconds) {
		List<String> problems = new ArrayList<>();
		for (String backend : Stores.ALL) {
			Tally tally = tallies.get(backend);
			List<Stores.StoredStep> steps = stores.get(backend).steps(appId);
			tally.problems.addAll(Invariants.problems(backend + " at the end", steps));
			String extra = "storedSteps=" + steps.size() + " stepsByChildren=" + tally.childSteps
					+ " killedMidStep~=" + tally.killedMidStep + " resumesChecked=" + tally.resumes
					+ ((stores.get(backend) instanceof Stores.TrackerStore tracker)
							? " tornLogLines=" + tracker.tornLines(appId) : "")
					+ " seed=" + Summary.seed() + " time=" + seconds + "s";
			Summary.print("crash", backend, tally.runs, tally.faults, tally.problems.size(), tally.lost, extra);
			problems.addAll(tally.problems);
		}
		for (String backend : Stores.ALL) {
			Tally tally = tallies.get(backend);
			assertThat(tally.faults).as("SIGKILLs of %s", backend).isGreaterThanOrEqualTo(Math.min(KILLS, 20));
			assertThat(tally.childSteps).as("steps the children took on %s", backend).isGreaterThan(KILLS);
			assertThat(tally.lost).as("steps of %s lost", backend).isZero();
		}
		assertThat(problems).isEmpty();
	}

	private static void afterKill(int kill, String backend, Stores.Store store, String appId, List<String> lines,
			Tally tally, Random random) {
		tally.runs++;
		tally.faults++;
		String what = backend + " after kill " + kill;
		lines.stream().filter(line -> line.startsWith("error " + backend + " ")).forEach(tally.problems::add);
		long maxDone = -1;
		long done = 0;
		for (String line : lines) {
			if (line.startsWith("done " + backend + " ")) {
				maxDone = Math.max(maxDone, Long.parseLong(line.split(" ")[2]));
				done++;
			}
		}
		tally.childSteps += done;
		List<Stores.StoredStep> steps = store.steps(appId);
		tally.problems.addAll(Invariants.problems(what, steps));
		long last = Invariants.last(steps);
		if (maxDone > last) {
			tally.lost += maxDone - last;
			tally.problems.add(what + ": the child reported step " + maxDone + " done but only " + last + " is stored");
		}
		if (last > maxDone && done > 0) {
			tally.killedMidStep++; // stored, killed before it could report it
		}
		Application app = store.resume(appId, "test-jvm", random, 0);
		String expectedNext = (last < 0) ? CounterApp.ENTRYPOINT
				: CounterApp.successor(CounterApp.positionOf(last));
		if (app.sequenceId().orElse(-1) != last) {
			tally.problems.add(what + ": rebuilt at sequence id " + app.sequenceId() + ", stored last is " + last);
		}
		if (!app.nextAction().equals(Optional.of(expectedNext))) {
			tally.problems.add(what + ": rebuilt with next action " + app.nextAction() + ", expected " + expectedNext);
		}
		if (last >= 0 && !(app.state().get("counter") instanceof Number counter && counter.longValue() == last + 1)) {
			tally.problems.add(what + ": rebuilt with counter " + app.state().get("counter"));
		}
		StepResult step = app.step().orElseThrow();
		if (step.sequenceId() != last + 1 || !step.action().equals(expectedNext)) {
			tally.problems.add(what + ": the rebuilt app stepped " + step.action() + " at " + step.sequenceId()
					+ ", expected " + expectedNext + " at " + (last + 1));
		}
		tally.resumes++;
	}

	private static final class Tally {

		long runs;

		long faults;

		long lost;

		long childSteps;

		long killedMidStep;

		long resumes;

		final List<String> problems = new ArrayList<>();

	}

}
