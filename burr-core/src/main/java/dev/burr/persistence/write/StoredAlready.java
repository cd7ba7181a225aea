package dev.burr.persistence.write;

import java.math.BigDecimal;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import dev.burr.persistence.PersistedState;
import dev.burr.persistence.StateLoader;
import dev.burr.persistence.StepSave;
import org.jspecify.annotations.Nullable;

/**
 * Whether a step is already stored as it was queued: after a write whose answer was lost (the connection dropped
 * after the commit), the retry must not take its own row for another writer's. Values are compared as stored
 * JSON compares them: numbers by value whatever their Java type, lists and maps item by item.
 */
final class StoredAlready {

	private final StateLoader loader;

	StoredAlready(StateLoader loader) {
		this.loader = loader;
	}

	/** Whether {@code step} is stored with its position, status and state; {@code false} when it cannot tell. */
	boolean holds(StepSave step) {
		Optional<PersistedState> stored;
		try {
			stored = this.loader.load(step.partitionKey(), step.appId(), step.sequenceId());
		}
		catch (RuntimeException ex) {
			return false;
		}
		return stored.isPresent() && stored.get().position().equals(step.position())
				&& stored.get().status() == step.status()
				&& sameValue(stored.get().state().asMap(), step.state().asMap());
	}

	static boolean sameValue(@Nullable Object a, @Nullable Object b) {
		if (a instanceof Number x && b instanceof Number y) {
			return sameNumber(x, y);
		}
		if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
			if (x.size() != y.size()) {
				return false;
			}
			for (Map.Entry<?, ?> entry : x.entrySet()) {
				if (!y.containsKey(entry.getKey()) || !sameValue(entry.getValue(), y.get(entry.getKey()))) {
					return false;
				}
			}
			return true;
		}
		if (a instanceof List<?> x && b instanceof List<?> y) {
			if (x.size() != y.size()) {
				return false;
			}
			Iterator<?> left = x.iterator();
			Iterator<?> right = y.iterator();
			while (left.hasNext()) {
				if (!sameValue(left.next(), right.next())) {
					return false;
				}
			}
			return true;
		}
		return Objects.equals(a, b);
	}

	private static boolean sameNumber(Number x, Number y) {
		try {
			return new BigDecimal(x.toString()).compareTo(new BigDecimal(y.toString())) == 0;
		}
		catch (NumberFormatException ex) {
			return x.equals(y);
		}
	}

}
