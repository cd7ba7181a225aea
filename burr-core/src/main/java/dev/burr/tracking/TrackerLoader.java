package dev.burr.tracking;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.burr.core.State;
import dev.burr.persistence.BurrPersistenceException;
import dev.burr.persistence.PartitionKeys;
import dev.burr.persistence.PersistedState;
import dev.burr.persistence.Status;
import dev.burr.serde.StateSerde;
import org.jspecify.annotations.Nullable;

/**
 * Loads state back from the {@link TrackerLayout}, Burr's own files included: a step from the {@code end_entry}
 * lines of an application's {@code log.jsonl}, and the applications of a partition from the project directory.
 */
final class TrackerLoader {

	private final TrackerLayout layout;

	private final LogReader reader;

	private final StateSerde serde;

	private final ZoneId zone;

	/** A loader reading naive times as local to {@code zone}. */
	TrackerLoader(TrackerLayout layout, LogReader reader, StateSerde serde, ZoneId zone) {
		this.layout = layout;
		this.reader = reader;
		this.serde = serde;
		this.zone = zone;
	}

	/** See {@link LocalTrackingClient#load}. */
	Optional<PersistedState> load(@Nullable String partitionKey, String appId, @Nullable Long sequenceId) {
		Path dir = this.layout.appDirectory(appId);
		if (!this.reader.partitionKeyOf(dir).equals(PartitionKeys.normalize(partitionKey))) {
			return Optional.empty();
		}
		Map<String, @Nullable Object> chosen = null;
		long chosenSequenceId = -1;
		for (Map<String, @Nullable Object> entry : this.reader.endEntries(dir.resolve(TrackerLayout.LOG))) {
			if (!(entry.get("sequence_id") instanceof Number number)) {
				continue;
			}
			long id = number.longValue();
			boolean wanted = (sequenceId != null) ? id == sequenceId : id >= chosenSequenceId;
			if (wanted) {
				chosen = entry;
				chosenSequenceId = id;
			}
		}
		if (chosen == null) {
			return Optional.empty();
		}
		return Optional.of(toPersistedState(dir, PartitionKeys.normalize(partitionKey), appId, chosenSequenceId,
				chosen));
	}

	private PersistedState toPersistedState(Path dir, String partitionKey, String appId, long sequenceId,
			Map<String, @Nullable Object> entry) {
		String where = "step " + sequenceId + " of app '" + appId + "' in " + dir.resolve(TrackerLayout.LOG);
		if (!(entry.get("state") instanceof Map<?, ?> stored)) {
			throw new BurrPersistenceException("The end_entry of " + where + " has no state object");
		}
		if (entry.get(Records.UNSERIALIZABLE_KEYS) instanceof List<?> keys && !keys.isEmpty()) {
			throw new BurrPersistenceException("Cannot load " + where + ": its state keys " + keys + " could not "
					+ "be serialized when it was logged. Register codecs for them with StateSerde.builder().");
		}
		if (!(entry.get("action") instanceof String action)) {
			throw new BurrPersistenceException("The end_entry of " + where + " has no action name");
		}
		Map<String, @Nullable Object> values = new LinkedHashMap<>();
		stored.forEach((key, value) -> {
			if (!String.valueOf(key).startsWith("__")) {
				values.put(String.valueOf(key), value);
			}
		});
		values.put(State.SEQUENCE_ID_KEY, sequenceId);
		State state;
		try {
			state = this.serde.deserialize(values);
		}
		catch (RuntimeException ex) {
			throw new BurrPersistenceException("Cannot load " + where + ": " + ex.getMessage(), ex);
		}
		Instant createdAt = BurrTimes.parse(entry.get("end_time"), this.zone)
			.orElseGet(() -> lastModified(dir.resolve(TrackerLayout.LOG)));
		Status status = (entry.get("exception") != null) ? Status.FAILED : Status.COMPLETED;
		return new PersistedState(partitionKey, appId, sequenceId, action, state, createdAt, status);
	}

	/** See {@link LocalTrackingClient#listAppIds}. */
	List<String> listAppIds(@Nullable String partitionKey) {
		Path projectDir = this.layout.projectDirectory();
		String wanted = PartitionKeys.normalize(partitionKey);
		record App(String id, Instant lastWritten) {
		}
		List<App> apps = new ArrayList<>();
		try (DirectoryStream<Path> dirs = Files.newDirectoryStream(projectDir, Files::isDirectory)) {
			for (Path dir : dirs) {
				String id = dir.getFileName().toString();
				Path log = dir.resolve(TrackerLayout.LOG);
				if (!id.startsWith(".") && Files.isRegularFile(log) && this.reader.partitionKeyOf(dir).equals(wanted)) {
					apps.add(new App(id, lastModified(log)));
				}
			}
		}
		catch (NoSuchFileException ex) {
			return List.of();
		}
		catch (IOException ex) {
			throw new BurrPersistenceException("Cannot list applications in " + projectDir + ": " + ex.getMessage(),
					ex);
		}
		apps.sort(Comparator.comparing(App::lastWritten).reversed().thenComparing(App::id));
		return apps.stream().map(App::id).toList();
	}

	private static Instant lastModified(Path file) {
		try {
			return Files.getLastModifiedTime(file).toInstant();
		}
		catch (IOException ex) {
			return FileTime.fromMillis(0).toInstant();
		}
	}

}
