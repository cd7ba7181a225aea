package dev.burr.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Prints the one-line summary of a fault category to stdout and appends it to
 * {@code target/reliability-summary.txt}.
 */
final class Summary {

	private Summary() {
	}

	static synchronized String print(String category, String backend, long runs, long faults, long failures,
			long stepsLost, String details) {
		String line = String.format("RELIABILITY %-8s %-9s runs=%d faults=%d failures=%d stepsLost=%d  %s", category,
				backend, runs, faults, failures, stepsLost, details);
		System.out.println(line);
		System.out.flush();
		try {
			Path file = Path.of("target", "reliability-summary.txt");
			Files.createDirectories(file.getParent());
			Files.writeString(file, line + System.lineSeparator(), StandardCharsets.UTF_8, StandardOpenOption.CREATE,
					StandardOpenOption.APPEND);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return line;
	}

	static long seed() {
		return Long.getLong("burr.reliability.seed", 20261126L);
	}

}
