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

	static final String PARTITION_KEY = "partition_key";

	static final String APP_ID = "app_id";

	static final String SEQUENCE_ID = "sequence_id";

	static final String POSITION = "position";

	static final String STATE = "state";

	static final String STATUS = "status";

	static final String CREATED_AT = "created_at";

	/** Every field, in the order {@link #putFields} writes them. */
	static final List<String> FIELDS = List.of(PARTITION_KEY, APP_ID, SEQUENCE_ID, POSITION, STATE, STATUS,
			CREATED_AT);

	private static final DateTimeFormatter CREATED_AT_FORMAT = DateTimeFormatter
		.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSxxx");

	private StepHash() {
	}

	/**
	 * Puts the hash's field/value pairs, as {@code HSET} takes them, into {@code args} from index {@code from} on
	 * ({@code 2 * FIELDS.size()} slots).
	 */
	static void putFields(Object[] args, int from, String partitionKey, String appId, String sequenceId,
			String position, byte[] stateJson, Status status, Instant createdAt) {
		int i = from;
		args[i++] = PARTITION_KEY;
		args[i++] = partitionKey;
		args[i++] = APP_ID;
		args[i++] = appId;
		args[i++] = SEQUENCE_ID;
		args[i++] = sequenceId;
		args[i++] = POSITION;
		args[i++] = position;
		args[i++] = STATE;
		args[i++] = stateJson;
		args[i++] = STATUS;
		args[i++] = status.storedValue();
		args[i++] = CREATED_AT;
		args[i] = formatCreatedAt(createdAt);
	}

	/**
	 * {@code instant} as Python's {@code datetime.now(timezone.utc).isoformat()} writes it, digit by digit for the
	 * years 0 to 9999 (a {@link DateTimeFormatter} formats the fraction through a {@code BigDecimal} on every
	 * save).
	 */
	static String formatCreatedAt(Instant instant) {
		LocalDateTime time = LocalDateTime.ofEpochSecond(instant.getEpochSecond(), 0, ZoneOffset.UTC);
		if (time.getYear() < 0 || time.getYear() > 9999) {
			return CREATED_AT_FORMAT.format(instant.truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC));
		}
		char[] text = "0000-00-00T00:00:00.000000+00:00".toCharArray();
		digits(text, 0, 4, time.getYear());
		digits(text, 5, 2, time.getMonthValue());
		digits(text, 8, 2, time.getDayOfMonth());
		digits(text, 11, 2, time.getHour());
		digits(text, 14, 2, time.getMinute());
		digits(text, 17, 2, time.getSecond());
		digits(text, 20, 6, instant.getNano() / 1000);
		return new String(text);
	}

	private static void digits(char[] text, int from, int width, int value) {
		int rest = value;
		for (int i = from + width - 1; i >= from; i--) {
			text[i] = (char) ('0' + rest % 10);
			rest /= 10;
		}
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
			sequenceId = Long.parseLong(hash.get(SEQUENCE_ID));
		}
		catch (NumberFormatException ex) {
			throw new BurrPersistenceException(
					"Redis hash '" + key + "' has a sequence_id that is not an integer: '" + hash.get(SEQUENCE_ID)
							+ "'",
					ex);
		}
		State state;
		try {
			state = serde.fromJson(hash.get(STATE));
		}
		catch (StateSerdeException ex) {
			throw new BurrPersistenceException(
					"Redis hash '" + key + "' has a state that cannot be read: " + ex.getMessage(), ex);
		}
		return new PersistedState(partitionKey, appId, sequenceId, hash.get(POSITION), state,
				parseCreatedAt(key, hash.get(CREATED_AT)), Status.fromStoredValue(hash.get(STATUS)));
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
