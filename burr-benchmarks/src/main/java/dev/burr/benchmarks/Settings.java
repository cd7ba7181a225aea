package dev.burr.benchmarks;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * How long and how big one run is. {@link #full()} is the run the targets are judged on; {@link #quick()} takes
 * about two minutes with fewer stored rows and a shorter conversation (the output says so); {@link #smoke()} only
 * proves every case runs and is what the test suite uses.
 */
record Settings(String mode, Duration warmup, int warmupOps, Duration trial, int trials, int conversationTurns, int loadRows,
		int loadApps, int latencySamples, int growthTurns, List<Integer> concurrency, Set<String> backends,
		Set<String> cases) {

	static final List<String> ALL_BACKENDS = List.of("memory", "sqlite", "postgres", "redis");

	static final List<String> ALL_CASES = List.of("1", "2", "3", "4", "5", "6", "7");

	static Settings full() {
		return new Settings("full", Duration.ofSeconds(2), 2_000, Duration.ofSeconds(2), 5, 20, 100_000, 1_000, 20_000, 1_000,
				List.of(16, 64), new LinkedHashSet<>(ALL_BACKENDS), new LinkedHashSet<>(ALL_CASES));
	}

	static Settings quick() {
		return new Settings("quick", Duration.ofMillis(250), 100, Duration.ofMillis(300), 3, 20, 10_000, 100, 2_000, 200,
				List.of(16, 64), new LinkedHashSet<>(ALL_BACKENDS), new LinkedHashSet<>(ALL_CASES));
	}

	static Settings smoke() {
		return new Settings("smoke", Duration.ofMillis(50), 1, Duration.ofMillis(100), 1, 5, 200, 10, 50, 20,
				List.of(16), new LinkedHashSet<>(ALL_BACKENDS), new LinkedHashSet<>(ALL_CASES));
	}

	Settings withBackends(Set<String> backends) {
		return new Settings(this.mode, this.warmup, this.warmupOps, this.trial, this.trials, this.conversationTurns, this.loadRows,
				this.loadApps, this.latencySamples, this.growthTurns, this.concurrency, backends, this.cases);
	}

	Settings withCases(Set<String> cases) {
		return new Settings(this.mode, this.warmup, this.warmupOps, this.trial, this.trials, this.conversationTurns, this.loadRows,
				this.loadApps, this.latencySamples, this.growthTurns, this.concurrency, this.backends, cases);
	}

	/**
	 * Whether case 1 also measures ours against a raw loop committing each insert in an explicit transaction,
	 * as our JDBC persister does ({@code -Dburr.bench.rawTransactions=true}); off by default.
	 */
	boolean rawTransactions() {
		return Boolean.getBoolean("burr.bench.rawTransactions");
	}

	boolean runs(String caseNumber) {
		return this.cases.contains(caseNumber);
	}

}
