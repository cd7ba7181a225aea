package dev.burr.persistence;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

/**
 * The rule every batch save keeps: a step whose app has a lower step in the same batch that was not stored is not
 * stored either (two saves of one step are not ordered: the second is simply a conflict). Implementations of
 * {@link StateSaver#saveAll} use it.
 */
public final class BatchOutcomes {

	private BatchOutcomes() {
	}

	/**
	 * Why step {@code index} of {@code steps} must not be stored, or {@code null} when it may be.
	 * @param outcomes the outcomes of the steps before {@code index}, in order ({@code null}: stored)
	 */
	public static @Nullable RuntimeException earlierFailure(List<StepSave> steps,
			List<@Nullable RuntimeException> outcomes, int index) {
		return earlierFailure(steps, outcomes, index,
				(step) -> new StepId(PartitionKeys.normalize(step.partitionKey()), step.appId(), step.sequenceId()));
	}

	/**
	 * {@link #earlierFailure(List, List, int)} for steps of any type, identified by {@code id}; the failure named
	 * is the app's first in the batch.
	 */
	public static <T> @Nullable RuntimeException earlierFailure(List<T> steps,
			List<@Nullable RuntimeException> outcomes, int index, Function<T, StepId> id) {
		StepId step = id.apply(steps.get(index));
		for (int i = 0; i < index; i++) {
			RuntimeException failure = outcomes.get(i);
			if (failure == null) {
				continue;
			}
			StepId before = id.apply(steps.get(i));
			if (before.sequenceId() < step.sequenceId() && before.appId().equals(step.appId())
					&& before.partitionKey().equals(step.partitionKey())) {
				return new BurrPersistenceException("Not storing step " + step.sequenceId() + " of app '"
						+ step.appId() + "' (partition key '" + step.partitionKey() + "'): its earlier step "
						+ before.sequenceId() + " was not stored", failure);
			}
		}
		return null;
	}

	/**
	 * What a {@link StateSaver#saveAll} does around its own storage: encodes each step in order (a step whose app
	 * has a lower step that failed is not encoded; a step that fails to encode fails alone, and so do its app's
	 * later steps), then stores all the encoded steps at once and places their outcomes.
	 * @param encode checks and encodes one step, throwing when it cannot be stored
	 * @param store stores the encoded steps, in order, and says for each whether it was stored
	 * @return one entry per step, in order: {@code null} when stored, otherwise why not
	 */
	public static <E> List<@Nullable RuntimeException> encodeThenStore(List<StepSave> steps,
			Function<StepSave, E> encode, Function<List<E>, List<@Nullable RuntimeException>> store) {
		List<@Nullable RuntimeException> outcomes = new ArrayList<>(steps.size());
		List<E> encoded = new ArrayList<>(steps.size());
		List<Integer> encodedAt = new ArrayList<>(steps.size());
		for (int i = 0; i < steps.size(); i++) {
			RuntimeException earlier = earlierFailure(steps, outcomes, i);
			outcomes.add(earlier);
			if (earlier != null) {
				continue;
			}
			try {
				encoded.add(encode.apply(steps.get(i)));
				encodedAt.add(i);
			}
			catch (RuntimeException ex) {
				outcomes.set(i, ex);
			}
		}
		if (!encoded.isEmpty()) {
			List<@Nullable RuntimeException> stored = store.apply(encoded);
			for (int j = 0; j < encoded.size(); j++) {
				outcomes.set(encodedAt.get(j), stored.get(j));
			}
		}
		return outcomes;
	}

	/**
	 * Which step of which app.
	 *
	 * @param partitionKey the normalized partition key
	 * @param appId the app id
	 * @param sequenceId the sequence id
	 */
	public record StepId(String partitionKey, String appId, long sequenceId) {
	}

}
