package dev.burr.persistence.delta;

import java.time.Instant;
import java.util.Objects;

import dev.burr.persistence.Status;

/**
 * One stored row of the delta layout, as a persister read it.
 *
 * @param sequenceId the step's sequence id
 * @param position the action that ran
 * @param status whether it completed or failed
 * @param createdAt when it was written
 * @param snapshot whether {@code data} is the whole state ({@link DeltaCodec#encodeSnapshot}) or a change
 * ({@link DeltaCodec#encodeDelta})
 * @param data the stored JSON in UTF-8
 */
public record DeltaRow(long sequenceId, String position, Status status, Instant createdAt, boolean snapshot,
		byte[] data) {

	public DeltaRow {
		Objects.requireNonNull(position, "position");
		Objects.requireNonNull(status, "status");
		Objects.requireNonNull(createdAt, "createdAt");
		Objects.requireNonNull(data, "data");
	}

}
