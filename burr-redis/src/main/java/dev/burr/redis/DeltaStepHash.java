package dev.burr.redis;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.burr.persistence.BurrPersistenceException;
import dev.burr.persistence.Status;
import dev.burr.persistence.delta.DeltaRow;
import org.jspecify.annotations.Nullable;

/**
 * The delta layout's step hash: {@code position}, {@code status}, {@code created_at} (as in Burr's hash),
 * {@code snapshot} ({@code 1} or {@code 0}) and {@code data}, the JSON of a snapshot or a delta.
 */
final class DeltaStepHash {

	static final String SNAPSHOT = "snapshot";

	static final String DATA = "data";

	/** The number of field/value slots {@link #putFields} fills. */
	static final int SLOTS = 10;

	/** The fields a page of history reads, in this order. */
	static final List<String> FIELDS_READ = List.of(StepHash.POSITION, StepHash.STATUS, StepHash.CREATED_AT, SNAPSHOT,
			DATA);

	/** The values {@link #read} takes per step: the sequence id and {@link #FIELDS_READ}. */
	static final int REPLY_WIDTH = 6;

	/** The values at the start of a {@link DeltaScripts#LOAD} reply: the step asked for and its metadata. */
	private static final int CHAIN_HEAD = 4;

	/** The values a {@link DeltaScripts#LOAD} reply holds per step: sequence id, snapshot flag, data. */
	private static final int CHAIN_WIDTH = 3;

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
	 * A step as a page of history read it: the values of {@link #FIELDS_READ}, text or UTF-8 bytes, from index
	 * {@code from} of {@code values}, after its sequence id.
	 * @throws BurrPersistenceException naming the step's key when a field is missing or does not parse
	 */
	static DeltaRow read(List<?> values, int from, String stepPrefix) {
		String sequenceId = text(values.get(from));
		return row(stepPrefix + sequenceId, sequenceId, text(values.get(from + 1)), text(values.get(from + 2)),
				text(values.get(from + 3)), text(values.get(from + 4)), bytes(values.get(from + 5)), true);
	}

	/**
	 * The chain {@link DeltaScripts#LOAD} replied: its first four values are the sequence id asked for and that
	 * step's position, status and created_at, then come sequence id, snapshot flag and data of each step of the
	 * chain. Only the step asked for carries its position, status and time; the rows before it need none.
	 * @throws BurrPersistenceException naming a step's key when a field is missing or does not parse
	 */
	static List<DeltaRow> chain(List<?> reply, String stepPrefix) {
		String target = text(reply.get(0));
		List<DeltaRow> rows = new ArrayList<>((reply.size() - CHAIN_HEAD) / CHAIN_WIDTH);
		for (int i = CHAIN_HEAD; i + CHAIN_WIDTH <= reply.size(); i += CHAIN_WIDTH) {
			String sequenceId = text(reply.get(i));
			boolean asked = sequenceId.equals(target);
			rows.add(row(stepPrefix + sequenceId, sequenceId, asked ? text(reply.get(1)) : "",
					asked ? text(reply.get(2)) : Status.COMPLETED.storedValue(), asked ? text(reply.get(3)) : null,
					text(reply.get(i + 1)), bytes(reply.get(i + 2)), asked));
		}
		return rows;
	}

	private static DeltaRow row(String key, String sequenceId, String position, String status,
			@Nullable String createdAt, String snapshot, byte[] data, boolean full) {
		if ((full && (status.isEmpty() || createdAt == null || createdAt.isEmpty()))
				|| !(snapshot.equals("1") || snapshot.equals("0"))) {
			throw new BurrPersistenceException("Redis hash '" + key + "' is not a step of the delta layout: it needs "
					+ "the fields position, status, created_at, snapshot (1 or 0) and data");
		}
		try {
			return new DeltaRow(Long.parseLong(sequenceId), position, Status.fromStoredValue(status),
					(createdAt != null) ? StepHash.parseCreatedAt(key, createdAt) : Instant.EPOCH,
					snapshot.equals("1"), data);
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
