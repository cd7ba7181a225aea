package dev.burr.redis;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import dev.burr.persistence.BurrPersistenceException;
import dev.burr.persistence.Status;
import dev.burr.persistence.delta.DeltaRow;

/**
 * The delta layout's step hash: {@code position}, {@code status}, {@code created_at} (as in Burr's hash),
 * {@code snapshot} ({@code 1} or {@code 0}) and {@code data}, the JSON of a snapshot or a delta.
 */
final class DeltaStepHash {

	static final String SNAPSHOT = "snapshot";

	static final String DATA = "data";

	/** The number of field/value slots {@link #putFields} fills. */
	static final int SLOTS = 10;

	/** The values {@link DeltaScripts#LOAD} replies per step: the sequence id and the five fields. */
	static final int REPLY_WIDTH = 6;

	private DeltaStepHash() {
	}

	/** Puts the hash's field/value pairs, as {@code HSET} takes them, into {@code args} from index {@code from} on. */
	static void putFields(Object[] args, int from, String position, Status status, Instant createdAt,
			boolean snapshot, byte[] data) {
		int i = from;
		args[i++] = StepHash.POSITION;
		args[i++] = position;
		args[i++] = StepHash.STATUS;
		args[i++] = status.storedValue();
		args[i++] = StepHash.CREATED_AT;
		args[i++] = StepHash.formatCreatedAt(createdAt);
		args[i++] = SNAPSHOT;
		args[i++] = snapshot ? "1" : "0";
		args[i++] = DATA;
		args[i] = data;
	}

	/**
	 * The row {@link DeltaScripts#LOAD} replied from index {@code from} on, its values text or UTF-8 bytes.
	 * @param withCreatedAt whether to read {@code created_at}; else the row says {@link Instant#EPOCH}, as a row
	 * inside a chain needs no time (only the step loaded shows its own)
	 * @throws BurrPersistenceException naming the step's key when a field is missing or does not parse
	 */
	static DeltaRow read(List<?> reply, int from, String stepPrefix, boolean withCreatedAt) {
		String sequenceId = text(reply.get(from));
		String key = stepPrefix + sequenceId;
		String position = text(reply.get(from + 1));
		String status = text(reply.get(from + 2));
		String createdAt = text(reply.get(from + 3));
		String snapshot = text(reply.get(from + 4));
		if (status.isEmpty() || createdAt.isEmpty() || !(snapshot.equals("1") || snapshot.equals("0"))) {
			throw new BurrPersistenceException("Redis hash '" + key + "' is not a step of the delta layout: it needs "
					+ "the fields position, status, created_at, snapshot (1 or 0) and data");
		}
		try {
			return new DeltaRow(Long.parseLong(sequenceId), position, Status.fromStoredValue(status),
					withCreatedAt ? StepHash.parseCreatedAt(key, createdAt) : Instant.EPOCH, snapshot.equals("1"),
					bytes(reply.get(from + 5)));
		}
		catch (IllegalArgumentException ex) {
			throw new BurrPersistenceException("Redis hash '" + key + "' has a field that cannot be read: "
					+ ex.getMessage(), ex);
		}
	}

	static String text(Object value) {
		if (value instanceof byte[] bytes) {
			return new String(bytes, StandardCharsets.UTF_8);
		}
		return (value != null) ? value.toString() : "";
	}

	private static byte[] bytes(Object value) {
		return (value instanceof byte[] bytes) ? bytes : text(value).getBytes(StandardCharsets.UTF_8);
	}

}
