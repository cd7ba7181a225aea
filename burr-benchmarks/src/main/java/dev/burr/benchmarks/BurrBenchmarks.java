package dev.burr.benchmarks;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Runs the cases of issue 8 (and case 6 of issue 14, case 7 of issue 15) and prints one JSON line per case and
 * backend, then a table. Usage: {@code BurrBenchmarks [--quick|--smoke] [--backends=memory,sqlite,postgres,redis]
 * [--cases=1,2,3,4,5,6,7] [--out=results.jsonl]}. Services: {@code BURR_TEST_POSTGRES_URL} (default
 * {@code jdbc:postgresql://127.0.0.1:5432/test?user=postgres}) and {@code BURR_TEST_REDIS_URL} (default
 * {@code redis://127.0.0.1:6379}); SQLite uses a temporary file. Tables, schemas and keys are unique to the run
 * and removed at its end.
 */
public final class BurrBenchmarks {

	static final String DEFAULT_POSTGRES_URL = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";

	static final String DEFAULT_REDIS_URL = "redis://127.0.0.1:6379";

	/** What a run produced, and the backends it could not reach. */
	record Report(List<Result> results, Map<String, String> unavailable) {
	}

	private BurrBenchmarks() {
	}

	public static void main(String[] args) throws IOException {
		Settings settings = Settings.full();
		Path out = null;
		for (String arg : args) {
			if (arg.equals("--quick")) {
				settings = Settings.quick().withBackends(settings.backends()).withCases(settings.cases());
			}
			else if (arg.equals("--smoke")) {
				settings = Settings.smoke().withBackends(settings.backends()).withCases(settings.cases());
			}
			else if (arg.equals("--full")) {
				settings = Settings.full().withBackends(settings.backends()).withCases(settings.cases());
			}
			else if (arg.startsWith("--backends=")) {
				settings = settings.withBackends(list(arg, Settings.ALL_BACKENDS));
			}
			else if (arg.startsWith("--cases=")) {
				settings = settings.withCases(list(arg, Settings.ALL_CASES));
			}
			else if (arg.startsWith("--out=")) {
				out = Path.of(arg.substring("--out=".length()));
			}
			else {
				System.err.println("Unknown argument " + arg + ". Usage: [--quick|--smoke|--full] "
						+ "[--backends=memory,sqlite,postgres,redis] [--cases=1,2,3,4,5,6,7] [--out=file.jsonl]");
				System.exit(2);
			}
		}
		Report report = run(settings, System.out);
		if (out != null) {
			List<String> lines = new ArrayList<>();
			report.results().forEach(result -> lines.add(result.toJson()));
			Files.write(out, lines);
		}
		if (!report.unavailable().isEmpty() && "full".equals(settings.mode())) {
			System.exit(1);
		}
	}

	private static Set<String> list(String arg, List<String> allowed) {
		Set<String> values = new LinkedHashSet<>(
				Arrays.asList(arg.substring(arg.indexOf('=') + 1).toLowerCase(Locale.ROOT).split(",")));
		for (String value : values) {
			if (!allowed.contains(value)) {
				throw new IllegalArgumentException(arg + ": '" + value + "' is not one of " + allowed);
			}
		}
		return values;
	}

	/** Runs the cases, printing each result line as it comes and the table at the end. */
	static Report run(Settings settings, PrintStream out) {
		String runId = Long.toString(System.currentTimeMillis() % 100_000_000L, 36)
				+ Integer.toString(ThreadLocalRandom.current().nextInt(36 * 36), 36);
		out.println("# burr-benchmarks mode=" + settings.mode() + " run=" + runId + " backends=" + settings.backends()
				+ " cases=" + settings.cases() + " cpus=" + Runtime.getRuntime().availableProcessors() + " jdk="
				+ System.getProperty("java.vm.name") + " " + System.getProperty("java.version") + " load="
				+ loadAverage());
		List<Result> results = new ArrayList<>();
		Map<String, String> unavailable = new LinkedHashMap<>();
		Cases cases = new Cases(settings, runId);
		DurabilityCase durability = new DurabilityCase(settings, runId, cases);
		cases.jitWarmUp(settings.warmup().toNanos() * 2);
		boolean needsBackend = settings.cases().stream().anyMatch(c -> !c.equals("5") && !c.equals("6"));
		if (needsBackend) {
			for (String name : settings.backends()) {
				Backend backend;
				try {
					backend = open(name, runId);
				}
				catch (RuntimeException ex) {
					unavailable.put(name, String.valueOf(ex.getMessage()));
					out.println("# backend " + name + " unavailable, its cases are not measured: " + ex.getMessage());
					continue;
				}
				try {
					if (settings.runs("1")) {
						emit(out, results, cases.steps(backend));
					}
					if (settings.runs("2")) {
						emit(out, results, cases.loadLatest(backend));
					}
					if (settings.runs("3")) {
						emit(out, results, cases.parallel(backend));
					}
					if (settings.runs("4")) {
						emit(out, results, cases.growth(backend));
					}
					if (settings.runs("7") && !(backend instanceof MemoryBackend)) {
						try {
							emit(out, results, durability.run(backend));
						}
						catch (UnsupportedOperationException ex) {
							out.println("# case 7 on " + name + " not measured: " + ex.getMessage());
						}
					}
				}
				finally {
					backend.close();
				}
			}
		}
		if (settings.runs("6")) {
			LayoutCase layouts = new LayoutCase(settings, runId);
			for (String name : settings.backends()) {
				if (name.equals("memory") || unavailable.containsKey(name)) {
					continue;
				}
				try {
					emit(out, results, layouts.run(name));
				}
				catch (RuntimeException ex) {
					unavailable.put(name, String.valueOf(ex.getMessage()));
					out.println("# case 6 on " + name + " could not run: " + ex.getMessage());
				}
			}
		}
		if (settings.runs("5")) {
			emit(out, results, cases.serde());
		}
		out.println("# load=" + loadAverage() + " at the end");
		out.println();
		out.print(table(results));
		return new Report(List.copyOf(results), unavailable);
	}

	static Backend open(String name, String runId) {
		return switch (name) {
			case "memory" -> new MemoryBackend();
			case "sqlite" -> JdbcBackend.sqlite(runId);
			case "postgres" -> JdbcBackend.postgres(env("BURR_TEST_POSTGRES_URL", DEFAULT_POSTGRES_URL), runId);
			case "redis" -> new RedisBackend(env("BURR_TEST_REDIS_URL", DEFAULT_REDIS_URL), runId);
			default -> throw new IllegalArgumentException("unknown backend " + name);
		};
	}

	/** A service URL: the system property {@code name}, else the environment variable, else {@code fallback}. */
	static String env(String name, String fallback) {
		String value = System.getProperty(name, System.getenv(name));
		return (value != null && !value.isBlank()) ? value : fallback;
	}

	private static void emit(PrintStream out, List<Result> results, List<Result> more) {
		for (Result result : more) {
			out.println(result.toJson());
			out.flush();
			results.add(result);
		}
	}

	static String loadAverage() {
		try {
			String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
			return parts[0] + " " + parts[1] + " " + parts[2];
		}
		catch (IOException | RuntimeException ex) {
			return "n/a";
		}
	}

	/** The results as a Markdown table, by case then backend. */
	static String table(List<Result> results) {
		List<String> order = List.of("memory", "sqlite", "postgres", "redis", "jackson");
		List<Result> sorted = new ArrayList<>(results);
		sorted.sort(Comparator.comparing((Result r) -> caseOrder(r.caseName()))
			.thenComparing(r -> order.indexOf(r.backend())));
		StringBuilder table = new StringBuilder();
		table.append("| case | backend | ours | raw | unit | ratio | target | met |\n");
		table.append("| --- | --- | ---: | ---: | --- | ---: | ---: | --- |\n");
		for (Result r : sorted) {
			table.append("| ")
				.append(r.caseName())
				.append(" | ")
				.append(r.backend())
				.append(" | ")
				.append(format(r.ours()))
				.append(" | ")
				.append(format(r.raw()))
				.append(" | ")
				.append(r.unit())
				.append(" | ")
				.append(String.format(Locale.ROOT, "%.2f", r.ratio()))
				.append(" | ")
				.append(r.hasTarget() ? String.format(Locale.ROOT, ">= %.2f", r.target()) : "-")
				.append(" | ")
				.append(r.hasTarget() ? (r.met() ? "yes" : "**no**") : "-")
				.append(" |\n");
		}
		return table.toString();
	}

	private static String caseOrder(String caseName) {
		// "4-growth-heap@10" before "4-growth-heap@1000"; keeps issue order otherwise.
		int at = caseName.indexOf('@');
		if (at < 0) {
			return caseName;
		}
		String turn = caseName.substring(at + 1);
		return caseName.substring(0, at) + "@" + "0".repeat(Math.max(0, 6 - turn.length())) + turn;
	}

	private static String format(double value) {
		if (Math.abs(value) >= 100) {
			return String.format(Locale.ROOT, "%,.0f", value);
		}
		return String.format(Locale.ROOT, "%.3g", value);
	}

}
