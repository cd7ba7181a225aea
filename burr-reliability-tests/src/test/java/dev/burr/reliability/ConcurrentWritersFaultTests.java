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
 * on winning later steps.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class ConcurrentWritersFaultTests {

	static final int ROUNDS = 2;

	static final long DURATION_MS = 2500;

	static final List<String> BACKENDS = List.of("postgres", "redis", "postgres-delta", "redis-delta");

	@TempDir
	Path work;

	@Test
	void twoJvmsSteppingOneAppStoreEachStepOnce() throws Exception {
		Stores.Config base = Stores.Config.fresh(this.work, "contend");
		Stores.initialize(base);
		String appId = "contend-" + UUID.randomUUID();
		Path stderr = this.work.resolve("children.err");
		Map<String, Tally> tallies = new LinkedHashMap<>();
		BACKENDS.forEach(backend -> tallies.put(backend, new Tally()));
		Map<String, Map<Long, String>> winners = new HashMap<>();
		BACKENDS.forEach(backend -> winners.put(backend, new HashMap<>()));
		long started = System.nanoTime();
		for (int round = 1; round <= ROUNDS; round++) {
			Path go = this.work.resolve("go-" + round);
			List<Child> children = new ArrayList<>();
			for (String name : List.of("A", "B")) {
				Map<String, String> values = new LinkedHashMap<>(base.values());
				values.put("app", appId);
				values.put("writer", name + round);
				values.put("seed", Long.toString(Summary.seed() + round * 31L + name.hashCode()));
				values.put("goFile", go.toString());
				values.put("durationMs", Long.toString(DURATION_MS));
				values.put("backends", String.join(",", BACKENDS));
				children.add(Child.start(ContendChildMain.class, new Stores.Config(values).jvmOptions(), stderr));
			}
			try {
				for (Child child : children) {
					assertThat(child.await(lines -> Child.count(lines, "ready ") + Child.count(lines, "error ")
							>= BACKENDS.size(), 90_000)).as("children ready").isTrue();
				}
				Files.createFile(go);
				for (Child child : children) {
					assertThat(child.awaitExit(60_000)).as("child finished").isTrue();
				}
			}
			finally {
				children.forEach(Child::close);
			}
			for (int i = 0; i < children.size(); i++) {
				String writer = List.of("A", "B").get(i) + round;
				for (String backend : BACKENDS) {
					collect(backend, writer, children.get(i).lines(), tallies.get(backend), winners.get(backend));
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
