package dev.burr.redis;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.burr.core.State;
import dev.burr.persistence.BurrPersistenceException;
import dev.burr.persistence.PersistedState;
import dev.burr.persistence.Status;
import dev.burr.serde.StateSerde;
import dev.burr.serde.StateSerdeException;

/** Burr's step hash: the fields it writes and reads, with {@code created_at} as Python's UTC ISO-8601 text. */
final class StepHash {

	static final List<String> FIELDS = List.of("partition_key", "app_id", "sequence_id", "position", "state",
			"status", "created_at");

	private static final DateTimeFormatter CREATED_AT = DateTimeFormatter
		.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSxxx");

	private StepHash() {
	}

	/** The field values in the order of {@link #FIELDS}. */
	static List<String> values(String partitionKey, String appId, long sequenceId, String position, String stateJson,
			Status status, Instant createdAt) {
		return List.of(partitionKey, appId, Long.toString(sequenceId), position, stateJson, status.storedValue(),
				formatCreatedAt(createdAt));
	}

	/** {@code instant} as Python's {@code datetime.now(timezone.utc).isoformat()} writes it. */
	static String formatCreatedAt(Instant instant) {
		return CREATED_AT.format(instant.truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC));
	}

	/**
	 * The step stored in a hash. The returned ids are the ones queried, as in Burr.
	 * @throws BurrPersistenceException naming {@code key} when a field is missing or does not parse
	 */
	static PersistedState read(String key, Map<String, String> hash, String partitionKey, String appId,
			StateSerde serde) {
		List<String> missing = new ArrayList<>();
		for (String field : FIELDS) {
			if (!hash.containsKey(field)) {
				missing.add(field);
			}
		}
		if (!missing.isEmpty()) {
			throw new BurrPersistenceException(
					"Redis hash '" + key + "' is not a Burr step: it lacks the field(s) " + missing);
		}
		long sequenceId;
		try {
			sequenceId = Long.parseLong(hash.get("sequence_id"));
		}
		catch (NumberFormatException ex) {
			throw new BurrPersistenceException(
					"Redis hash '" + key + "' has a sequence_id that is not an integer: '" + hash.get("sequence_id") + "'",
					ex);
		}
		State state;
		try {
			state = serde.fromJson(hash.get("state"));
		}
		catch (StateSerdeException ex) {
			throw new BurrPersistenceException(
					"Redis hash '" + key + "' has a state that cannot be read: " + ex.getMessage(), ex);
		}
		return new PersistedState(partitionKey, appId, sequenceId, hash.get("position"), state,
				parseCreatedAt(key, hash.get("created_at")), Status.fromStoredValue(hash.get("status")));
	}

	static Instant parseCreatedAt(String key, String text) {
		try {
			return OffsetDateTime.parse(text).toInstant();
		}
		catch (DateTimeParseException ex) {
			try {
				return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
			}
			catch (DateTimeParseException again) {
				throw new BurrPersistenceException(
						"Redis hash '" + key + "' has a created_at that is not ISO-8601: '" + text + "'", ex);
			}
		}
	}

}
