package dev.burr.tracking;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Test helpers: Burr's fixture directory, and reading tracker files as JSON trees. */
final class TrackerFiles {

	static final JsonMapper MAPPER = JsonMapper.builder().build();

	private static final String FIXTURES = "shared/fixtures/burr-ui";

	private TrackerFiles() {
	}

	/**
	 * {@code shared/fixtures/burr-ui}, found next to the checkout: the first ancestor of the working directory
	 * (or the directory named by {@code -Dburr.fixtures}) that holds it.
	 */
	static Path fixtures() {
		String configured = System.getProperty("burr.fixtures");
		if (configured != null) {
			return requireDirectory(Path.of(configured));
		}
		Path start = Path.of("").toAbsolutePath();
		for (Path dir = start; dir != null; dir = dir.getParent()) {
			Path candidate = dir.resolve(FIXTURES);
			if (Files.isDirectory(candidate)) {
				return candidate;
			}
		}
		throw new IllegalStateException("Cannot find " + FIXTURES + " in " + start + " or any directory above it. "
				+ "Put a copy of the shared/ folder next to the checkout (../shared from the repository root), or "
				+ "pass -Dburr.fixtures=/path/to/shared/fixtures/burr-ui");
	}

	private static Path requireDirectory(Path dir) {
		if (!Files.isDirectory(dir)) {
			throw new IllegalStateException("-Dburr.fixtures=" + dir + " is not a directory");
		}
		return dir;
	}

	static List<JsonNode> lines(Path file) {
		try {
			List<JsonNode> out = new ArrayList<>();
			for (String line : Files.readAllLines(file)) {
				out.add(MAPPER.readTree(line));
			}
			return out;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static List<JsonNode> lines(Path file, String type) {
		return lines(file).stream().filter(line -> type.equals(line.get("type").asString())).toList();
	}

	static JsonNode json(Path file) {
		try {
			return MAPPER.readTree(Files.readString(file));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
