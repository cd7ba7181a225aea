package dev.burr.reliability;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import dev.burr.persistence.BurrPersistenceException;
import dev.burr.persistence.StateConflictException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Category 3, concurrent processes: two child JVMs step the same app id at the same time, on PostgreSQL and on
 * Redis (one thread per backend in each JVM), released together by a go file. Every stored sequence id must be
 * written exactly once, by the JVM that reported winning it, each step computed from the stored step before it
 * (no lost update); the loser of each race gets {@link StateConflictException}, rebuilds from storage and goes
 * on winning later steps. The same race with {@code Durability.ASYNC} applications raises the conflict at a later
 * step or flush ({@link #twoJvmsSteppingOneAppAsyncRaiseTheConflictLater}).
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class ConcurrentWritersFaultTests {

	static final int ROUNDS = 2;

	static final long DURATION_MS = 2500;

	static final List<String> BACKENDS = List.of("postgres", "redis", "postgres-delta", "redis-delta");

	static final int ASYNC_CAPACITY = 64;

	static final long ASYNC_DURATION_MS = 2000;

	@TempDir
	Path work;

	@Test
	void twoJvmsSteppingOneAppStoreEachStepOnce() throws Exception {
		Stores.Config base = Stores.Config.fresh(this.work, "contend");
		Stores.initialize(base);
		String appId = "contend-" + UUID.randomUUID();
		Map<String, Tally> tallies = new LinkedHashMap<>();
		BACKENDS.forEach(backend -> tallies.put(backend, new Tally()));
		Map<String, Map<Long, String>> winners = new HashMap<>();
		BACKENDS.forEach(backend -> winners.put(backend, new HashMap<>()));
		long started = System.nanoTime();
		for (int round = 1; round <= ROUNDS; round++) {
			Map<String, List<String>> lines = race(base, appId, round, DURATION_MS);
			for (Map.Entry<String, List<String>> entry : lines.entrySet()) {
				for (String backend : BACKENDS) {
					collect(backend, entry.getKey(), entry.getValue(), tallies.get(backend), winners.get(backend));
				}
			}
		}
		long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
		try {
			check(base, appId, tallies, winners, seconds);
		}
		finally {
			Stores.cleanUp(base);
		}
	}

	/**
	 * Two JVMs stepping one app with {@code Durability.ASYNC} (write-behind queues of {@value #ASYNC_CAPACITY}):
	 * their steps return once queued, so both run ahead; the writer of the one whose save comes second gets a
	 * conflict, which that JVM's next step or final flush raises as a {@link BurrPersistenceException} caused by
	 * {@link StateConflictException}, and it rebuilds from storage. Storage must hold each sequence id once, with no
	 * gap and no lost update; each stored step was returned to its writer, and every step that returned to a writer
	 * and is not stored as its own was followed by such a raised conflict (nothing is dropped silently).
	 */
	@Test
	void twoJvmsSteppingOneAppAsyncRaiseTheConflictLater() throws Exception {
		Stores.Config base = Stores.Config.fresh(this.work, "contend_async").with("durability", "ASYNC")
			.with("wb.capacity", Integer.toString(ASYNC_CAPACITY));
		Stores.initialize(base);
		String appId = "contend-async-" + UUID.randomUUID();
		long started = System.nanoTime();
		Map<String, List<String>> lines = race(base, appId, 1, ASYNC_DURATION_MS);
		List<String> problems = new ArrayList<>();
		try {
			for (String backend : BACKENDS) {
				List<Stores.StoredStep> stored;
				try (Stores.Store store = Stores.open(backend, base.with("durability", "SYNC"))) {
					stored = store.steps(appId);
				}
				problems.addAll(checkAsync(backend, stored, lines, started));
			}
		}
		finally {
			Stores.cleanUp(base);
		}
		assertThat(problems).isEmpty();
	}

	private List<String> checkAsync(String backend, List<Stores.StoredStep> stored, Map<String, List<String>> lines,
			long started) {
		List<String> problems = new ArrayList<>(Invariants.problems(backend + " contended async", stored));
		Map<Long, Object> storedBy = new HashMap<>();
		stored.forEach(step -> storedBy.put(step.sequenceId(), step.writer()));
		long surfaced = 0;
		long returned = 0;
		long silentlyLost = 0;
		long droppedThenRaised = 0;
		Map<String, Long> storedOf = new LinkedHashMap<>();
		for (Map.Entry<String, List<String>> entry : lines.entrySet()) {
			String writer = entry.getKey();
			java.util.Set<Long> returnedByWriter = new java.util.HashSet<>();
			// steps that returned to this writer and are not stored as its own, since its last raised conflict
			List<Long> unsettled = new ArrayList<>();
			boolean ended = false;
			boolean flushed = false;
			for (String line : entry.getValue()) {
				String[] parts = line.split(" ");
				if (parts.length < 2 || !parts[1].equals(backend)) {
					continue;
				}
				switch (parts[0]) {
					case "returned" -> {
						long sequenceId = Long.parseLong(parts[2]);
						returned++;
						returnedByWriter.add(sequenceId);
						if (!writer.equals(storedBy.get(sequenceId))) {
							unsettled.add(sequenceId);
						}
					}
					case "surfaced" -> {
						surfaced++;
						droppedThenRaised += unsettled.size();
						unsettled.clear();
					}
					case "flushed" -> flushed = true;
					case "end" -> ended = true;
					case "error" -> problems.add(writer + ": " + line);
					default -> {
					}
				}
			}
			if (!unsettled.isEmpty()) {
				silentlyLost += unsettled.size();
				problems.add(backend + ": steps " + unsettled + " returned to " + writer + " are not stored as its own, "
						+ "and no conflict was raised after them");
			}
			if (!ended || !flushed) {
				problems.add(writer + " did not finish on " + backend + " (flushed=" + flushed + ")");
			}
			long own = 0;
			for (Stores.StoredStep step : stored) {
				if (writer.equals(step.writer())) {
					own++;
					if (!returnedByWriter.contains(step.sequenceId())) {
						problems.add(backend + ": step " + step.sequenceId() + " stored by " + writer
								+ " never returned to it");
					}
				}
			}
			storedOf.put(writer, own);
		}
		if (surfaced == 0) {
			problems.add(backend + ": no JVM had a conflict raised (the JVMs did not race)");
		}
		long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
		Summary.print("contend-async", backend, 2, surfaced, problems.size(), silentlyLost, "stored=" + stored.size()
				+ " storedBy=" + storedOf + " returned=" + returned + " conflictsRaised=" + surfaced
				+ " returnedThenDroppedAndRaised=" + droppedThenRaised + " capacity=" + ASYNC_CAPACITY + " time="
				+ seconds + "s");
		return problems;
	}

	/**
	 * One round: two child JVMs (writers {@code A<round>} and {@code B<round>}) resume {@code appId} on every
	 * backend, are released together and step it for {@code durationMs}; their output by writer.
	 */
	private Map<String, List<String>> race(Stores.Config base, String appId, int round, long durationMs)
			throws Exception {
		Path stderr = this.work.resolve("children.err");
		Path go = this.work.resolve("go-" + appId + "-" + round);
		Map<String, Child> children = new LinkedHashMap<>();
		for (String name : List.of("A", "B")) {
			String writer = name + round;
			Map<String, String> values = new LinkedHashMap<>(base.values());
			values.put("app", appId);
			values.put("writer", writer);
			values.put("seed", Long.toString(Summary.seed() + round * 31L + name.hashCode()));
			values.put("goFile", go.toString());
			values.put("durationMs", Long.toString(durationMs));
			values.put("backends", String.join(",", BACKENDS));
			children.put(writer, Child.start(ContendChildMain.class, new Stores.Config(values).jvmOptions(), stderr));
		}
		try {
			for (Child child : children.values()) {
				assertThat(child.await(lines -> Child.count(lines, "ready ") + Child.count(lines, "error ")
						>= BACKENDS.size(), 90_000)).as("children ready").isTrue();
			}
			Files.createFile(go);
			for (Child child : children.values()) {
				assertThat(child.awaitExit(60_000)).as("child finished").isTrue();
			}
		}
		finally {
			children.values().forEach(Child::close);
		}
		Map<String, List<String>> lines = new LinkedHashMap<>();
		children.forEach((writer, child) -> lines.put(writer, child.lines()));
		return lines;
	}

	private static void check(Stores.Config base, String appId, Map<String, Tally> tallies,
			Map<String, Map<Long, String>> winners, long seconds) {
		for (String backend : BACKENDS) {
			Tally tally = tallies.get(backend);
			List<Stores.StoredStep> stored;
			try (Stores.Store store = Stores.open(backend, base)) {
				stored = store.steps(appId);
			}
			tally.problems.addAll(Invariants.problems(backend + " contended", stored));
			Map<Long, String> won = winners.get(backend);
			long lost = 0;
			for (Map.Entry<Long, String> entry : won.entrySet()) {
				Stores.StoredStep step = stored.stream().filter(s -> s.sequenceId() == entry.getKey()).findFirst()
					.orElse(null);
				if (step == null) {
					lost++;
					tally.problems.add(backend + ": step " + entry.getKey() + " won by " + entry.getValue()
							+ " is not stored");
				}
				else if (!entry.getValue().equals(step.writer())) {
					tally.problems.add(backend + ": step " + entry.getKey() + " was reported won by "
							+ entry.getValue() + " but stored by " + step.writer());
				}
			}
			for (Stores.StoredStep step : stored) {
				if (!won.containsKey(step.sequenceId())) {
					tally.problems.add(backend + ": step " + step.sequenceId() + " stored by " + step.writer()
							+ " was not reported won by anyone");
				}
			}
			Summary.print("contend", backend, ROUNDS * 2L, tally.conflicts, tally.problems.size(), lost,
					"stored=" + stored.size() + " wonByA=" + tally.wonBy.getOrDefault('A', 0L) + " wonByB="
							+ tally.wonBy.getOrDefault('B', 0L) + " conflictsThenContinued=" + tally.continued
							+ " time=" + seconds + "s");
			assertThat(tally.problems).isEmpty();
			assertThat(lost).isZero();
			assertThat(tally.conflicts).as("conflicts on %s (the JVMs did race)", backend).isPositive();
			assertThat(tally.continued).as("losers on %s went on to win a later step", backend).isPositive();
		}
	}

	private static void collect(String backend, String writer, List<String> lines, Tally tally,
			Map<Long, String> winners) {
		boolean afterConflict = false;
		for (String line : lines) {
			String[] parts = line.split(" ");
			if (parts.length < 2 || !parts[1].equals(backend)) {
				continue;
			}
			switch (parts[0]) {
				case "won" -> {
					long sequenceId = Long.parseLong(parts[2]);
					String previous = winners.put(sequenceId, writer);
					if (previous != null) {
						tally.problems.add(backend + ": step " + sequenceId + " reported won by both " + previous
								+ " and " + writer);
					}
					tally.wonBy.merge(writer.charAt(0), 1L, Long::sum);
					if (afterConflict) {
						tally.continued++;
						afterConflict = false;
					}
				}
				case "conflict" -> {
					tally.conflicts++;
					afterConflict = true;
				}
				case "error" -> tally.problems.add(writer + ": " + line);
				default -> {
				}
			}
		}
		if (lines.stream().noneMatch(line -> line.equals("end " + backend))) {
			tally.problems.add(writer + " did not finish on " + backend + ": " + lines.stream()
				.filter(line -> !line.startsWith("won")).toList());
		}
	}

	private static final class Tally {

		long conflicts;

		long continued;

		final Map<Character, Long> wonBy = new HashMap<>();

		final List<String> problems = new ArrayList<>();

	}

}
