package dev.burr.tracking;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.burr.persistence.BurrPersistenceException;
import dev.burr.persistence.PartitionKeys;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads tracker files written by Burr or by {@link LocalTrackingClient}. A last line without its newline that
 * does not parse (a writer was killed mid-line) is ignored silently; any other line that does not parse is
 * skipped with a warning.
 */
final class LogReader {

	private static final Log logger = LogFactory.getLog(LogReader.class);

	private static final TypeReference<LinkedHashMap<String, @Nullable Object>> OBJECT = new TypeReference<>() {
	};

	private static final byte[] END_ENTRY = "\"end_entry\"".getBytes(StandardCharsets.US_ASCII);

	private final JsonMapper mapper;

	LogReader(JsonMapper mapper) {
		this.mapper = mapper;
	}

	/** The {@code end_entry} records of {@code log}, in file order; empty when the file does not exist. */
	List<Map<String, @Nullable Object>> endEntries(Path log) {
		byte[] bytes = readIfPresent(log, "tracker log ");
		if (bytes == null) {
			return List.of();
		}
		List<Map<String, @Nullable Object>> entries = new ArrayList<>();
		int start = 0;
		int lineNumber = 0;
		while (start < bytes.length) {
			int end = indexOf(bytes, (byte) '\n', start);
			boolean terminated = end >= 0;
			int stop = terminated ? end : bytes.length;
			lineNumber++;
			if (contains(bytes, start, stop, END_ENTRY)) {
				Map<String, @Nullable Object> record = parse(bytes, start, stop);
				if (record == null) {
					if (terminated) {
						logger.warn("Skipping line " + lineNumber + " of " + log + ": it is not a JSON object "
								+ "(a writer was probably killed while writing it)");
					}
				}
				else if ("end_entry".equals(record.get("type"))) {
					entries.add(record);
				}
			}
			start = stop + 1;
		}
		return entries;
	}

	/** The contents of a JSON object file ({@code metadata.json}), empty when it does not exist. */
	Optional<Map<String, @Nullable Object>> object(Path file) {
		byte[] bytes = readIfPresent(file, "");
		if (bytes == null) {
			return Optional.empty();
		}
		Map<String, @Nullable Object> object = parse(bytes, 0, bytes.length);
		if (object == null) {
			throw new BurrPersistenceException(file + " is not a JSON object");
		}
		return Optional.of(object);
	}

	/**
	 * The partition key recorded in the {@code metadata.json} of an application directory, normalized:
	 * {@code ""} when the file, the key or its value is missing.
	 */
	String partitionKeyOf(Path appDirectory) {
		@Nullable Object key = object(appDirectory.resolve(TrackerLayout.METADATA))
			.map(metadata -> metadata.get("partition_key"))
			.orElse(null);
		return PartitionKeys.normalize((key != null) ? key.toString() : null);
	}

	/**
	 * The bytes of {@code file}, {@code null} when it does not exist; {@code kind} (say {@code "tracker log "})
	 * precedes the path in the message of a read failure.
	 */
	private static byte @Nullable [] readIfPresent(Path file, String kind) {
		try {
			return Files.readAllBytes(file);
		}
		catch (NoSuchFileException ex) {
			return null;
		}
		catch (IOException ex) {
			throw new BurrPersistenceException("Cannot read " + kind + file + ": " + ex.getMessage(), ex);
		}
	}

	private @Nullable Map<String, @Nullable Object> parse(byte[] bytes, int start, int stop) {
		try {
			return this.mapper.readValue(bytes, start, stop - start, OBJECT);
		}
		catch (JacksonException ex) {
			return null;
		}
	}

	private static int indexOf(byte[] bytes, byte b, int from) {
		for (int i = from; i < bytes.length; i++) {
			if (bytes[i] == b) {
				return i;
			}
		}
		return -1;
	}

	private static boolean contains(byte[] bytes, int start, int stop, byte[] needle) {
		outer: for (int i = start; i <= stop - needle.length; i++) {
			for (int j = 0; j < needle.length; j++) {
				if (bytes[i + j] != needle[j]) {
					continue outer;
				}
			}
			return true;
		}
		return false;
	}

}
