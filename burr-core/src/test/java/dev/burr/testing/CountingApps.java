package dev.burr.testing;

import java.util.List;
import java.util.Map;

import dev.burr.core.Action;
import dev.burr.core.Actions;
import dev.burr.core.ApplicationBuilder;
import dev.burr.core.Condition;
import dev.burr.core.Transition;
import dev.burr.persistence.StatePersister;

/** The counter application that persistence tests step, resume and fork. */
public final class CountingApps {

	private CountingApps() {
	}

	/** Reads and writes {@code count}, adding one. */
	public static Action counter() {
		return Actions.action(List.of("count"), List.of("count"),
				(state, inputs) -> state.update("count", state.get("count", Integer.class) + 1));
	}

	/**
	 * {@code counter} while {@code count < 5}, then {@code result}; saved to and resumed from {@code persister} as
	 * {@code appId} in partition {@code user-1}, starting from {@code count = 0}.
	 */
	public static ApplicationBuilder countToFive(StatePersister persister, String appId) {
		return ApplicationBuilder.create()
			.withAction("counter", counter())
			.withAction("result", Actions.result("count"))
			.withTransitions(Transition.of("counter", "counter", Condition.expr("count < 5")),
					Transition.of("counter", "result"))
			.withStatePersister(persister)
			.initializeFrom(persister, true, Map.of("count", 0), "counter")
			.withIdentifiers(appId, "user-1");
	}

}
