package dev.burr.reliability;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The invariants every stored history of the counter application must satisfy. */
final class Invariants {

	private Invariants() {
	}

	/**
	 * Problems with a stored history: a sequence id stored more than once, a gap (ids must be exactly
	 * {@code 0..n-1}), a step that ran the wrong action for its place, a counter not computed from the stored
	 * step before it (a lost update), or a failed step.
	 */
	static List<String> problems(String what, List<Stores.StoredStep> steps) {
		List<String> problems = new ArrayList<>();
		Map<Long, Stores.StoredStep> bySequenceId = new TreeMap<>();
		for (Stores.StoredStep step : steps) {
			if (bySequenceId.put(step.sequenceId(), step) != null) {
				problems.add(what + ": sequence id " + step.sequenceId() + " stored more than once");
			}
			if (!CounterApp.positionOf(step.sequenceId()).equals(step.position())) {
				problems.add(what + ": step " + step.sequenceId() + " ran '" + step.position() + "', expected '"
						+ CounterApp.positionOf(step.sequenceId()) + "'");
			}
			if (!(step.counter() instanceof Number counter) || counter.longValue() != step.sequenceId() + 1) {
				problems.add(what + ": step " + step.sequenceId() + " has counter " + step.counter() + ", expected "
						+ (step.sequenceId() + 1) + " (not computed from the stored step before it)");
			}
			if (step.failed()) {
				problems.add(what + ": step " + step.sequenceId() + " is stored as failed");
			}
		}
		long expected = 0;
		for (long sequenceId : bySequenceId.keySet()) {
			if (sequenceId != expected) {
				problems.add(what + ": gap, sequence id " + expected + " missing before " + sequenceId);
				break;
			}
			expected++;
		}
		return problems;
	}

	/** The highest stored sequence id, -1 when nothing is stored. */
	static long last(List<Stores.StoredStep> steps) {
		return steps.stream().mapToLong(Stores.StoredStep::sequenceId).max().orElse(-1);
	}

}
