package dev.burr.persistence.delta;

import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

import dev.burr.core.State;
import dev.burr.persistence.BurrPersistenceException;
import dev.burr.persistence.PersistedState;
import dev.burr.persistence.delta.DeltaPlanner.ChainStats;
import org.jspecify.annotations.Nullable;

/**
 * Turns stored rows of the delta layout back into steps: a snapshot, then each following delta applied in
 * order (a single step is rebuilt from its newest delta back, {@link BackwardRebuild}, building only the values it
 * ends with). A chain that does not start at a snapshot, skips a sequence id or holds a row that does not parse fails
 * the load with a {@link BurrPersistenceException} naming where it is stored, the app and the sequence ids: it
 * never returns a wrong state. Thread-safe.
 */
public final class DeltaChain {

	private final DeltaCodec codec;

	public DeltaChain(DeltaCodec codec) {
		this.codec = codec;
	}

	/**
	 * The step the chain {@code rows} ends at, and where that chain stands.
	 * @param where where the rows are stored, for messages ({@code "table 'burr_state_delta'"})
	 * @param sequenceId the step asked for, {@code null} for the latest: the rows then end at it
	 * @param rows ascending, from the newest snapshot at or before the step asked for up to that step
	 * @return empty when the step is not stored
	 */
	public Optional<Loaded> last(String where, String partitionKey, String appId, @Nullable Long sequenceId,
			List<DeltaRow> rows) {
		if (rows.isEmpty() || (sequenceId != null && rows.get(rows.size() - 1).sequenceId() != sequenceId)) {
			return Optional.empty();
		}
		DeltaRow target = rows.get(rows.size() - 1);
		String what = "Cannot load step " + target.sequenceId() + " of app '" + appId + "' (partition key '"
				+ partitionKey + "') from " + where;
		DeltaRow first = rows.get(0);
		if (!first.snapshot()) {
			throw new BurrPersistenceException(what + ": no snapshot is stored before it (its chain starts at delta "
					+ "step " + first.sequenceId() + ")");
		}
		long deltaBytes = 0;
		for (int i = 1; i < rows.size(); i++) {
			requireNext(what, rows.get(i - 1), rows.get(i));
			deltaBytes += rows.get(i).data().length;
		}
		BackwardRebuild rebuild = new BackwardRebuild(this.codec);
		for (int i = rows.size() - 1; i >= 1; i--) {
			DeltaRow row = rows.get(i);
			int place = i;
			read(what, row, () -> rebuild.delta(place, row.data()));
		}
		State state = read(what, first, () -> rebuild.snapshot(first.data()));
		return Optional.of(new Loaded(step(partitionKey, appId, target, state),
				new ChainStats(first.data().length, deltaBytes, rows.size())));
	}

	/**
	 * Every step of an app, oldest first, each handed to {@code steps} as soon as it is rebuilt.
	 * @param rows every row of the app, ascending
	 */
	public void replay(String where, String partitionKey, String appId, Iterator<DeltaRow> rows,
			Consumer<PersistedState> steps) {
		DeltaCodec.Rebuild rebuild = null;
		DeltaRow previous = null;
		while (rows.hasNext()) {
			DeltaRow row = rows.next();
			String what = "Cannot read step " + row.sequenceId() + " of app '" + appId + "' (partition key '"
					+ partitionKey + "') from " + where;
			if (row.snapshot()) {
				rebuild = decode(what, row, null);
			}
			else if (rebuild == null || previous == null) {
				throw new BurrPersistenceException(what + ": no snapshot is stored before it");
			}
			else {
				requireNext(what, previous, row);
				decode(what, row, rebuild);
			}
			steps.accept(step(partitionKey, appId, row, rebuild.state()));
			previous = row;
		}
	}

	private DeltaCodec.Rebuild decode(String what, DeltaRow row, DeltaCodec.@Nullable Rebuild rebuild) {
		try {
			if (rebuild == null) {
				return this.codec.rebuild(row.data());
			}
			rebuild.apply(row.data());
			return rebuild;
		}
		catch (RuntimeException ex) {
			throw notLoading(what, row, ex);
		}
	}

	private static <T> T read(String what, DeltaRow row, Supplier<T> reading) {
		try {
			return reading.get();
		}
		catch (RuntimeException ex) {
			throw notLoading(what, row, ex);
		}
	}

	private static void read(String what, DeltaRow row, Runnable reading) {
		read(what, row, () -> {
			reading.run();
			return null;
		});
	}

	private static BurrPersistenceException notLoading(String what, DeltaRow row, RuntimeException ex) {
		return new BurrPersistenceException(what + ": its stored " + (row.snapshot() ? "snapshot" : "delta")
				+ " at step " + row.sequenceId() + " does not load: " + ex.getMessage(), ex);
	}

	private static void requireNext(String what, DeltaRow previous, DeltaRow row) {
		if (row.sequenceId() != previous.sequenceId() + 1) {
			throw new BurrPersistenceException(what + ": its chain is missing step " + (previous.sequenceId() + 1)
					+ " (stored steps " + previous.sequenceId() + " and " + row.sequenceId() + ")");
		}
	}

	private static PersistedState step(String partitionKey, String appId, DeltaRow row, State state) {
		return new PersistedState(partitionKey, appId, row.sequenceId(), row.position(), state, row.createdAt(),
				row.status());
	}

	/**
	 * A loaded step and where its chain stands, for {@link DeltaPlanner#loaded}.
	 * @param step the step
	 * @param chain its chain, ending at it
	 */
	public record Loaded(PersistedState step, ChainStats chain) {
	}

}
