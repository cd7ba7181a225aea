package dev.burr.persistence;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The rule every batch save keeps: a step whose app has an earlier step in the same batch that was not stored is
 * not stored either. Implementations of {@link StateSaver#saveAll} use it.
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
		StepSave step = steps.get(index);
		for (int i = index - 1; i >= 0; i--) {
			RuntimeException failure = outcomes.get(i);
			if (failure != null && steps.get(i).sameApp(step)) {
				BurrPersistenceException skipped = new BurrPersistenceException("Not storing " + step.describe()
						+ ": its earlier step " + steps.get(i).sequenceId() + " was not stored", failure);
				return skipped;
			}
		}
		return null;
	}

}
