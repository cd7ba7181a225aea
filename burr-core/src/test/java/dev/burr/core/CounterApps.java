package dev.burr.core;

import java.util.List;
import java.util.Map;

/** The counter graphs Burr's tests use: {@code counter} adds one to {@code count}. */
final class CounterApps {

	private CounterApps() {
	}

	static Action counter() {
		return Actions.action(List.of("count"), List.of("count"),
				(state, inputs) -> state.update("count", state.get("count", Integer.class) + 1));
	}

	/** Fails when {@code count} reaches {@code failAt}. */
	static Action boom(int failAt) {
		return Actions.action(List.of("count"), List.of("count"), (state, inputs) -> {
			if (state.get("count", Integer.class) >= failAt) {
				throw new IllegalStateException("Broken at " + state.get("count"));
			}
			return state.update("count", state.get("count", Integer.class) + 1);
		});
	}

	/** {@code counter -> counter} while {@code count < max}, then {@code result}. */
	static ApplicationBuilder countTo(int max) {
		return ApplicationBuilder.create()
			.withAction("counter", counter())
			.withAction("result", Actions.result("count"))
			.withTransitions(Transition.of("counter", "counter", Condition.expr("count < " + max)),
					Transition.of("counter", "result"));
	}

	static Map<String, Object> zero() {
		return Map.of("count", 0);
	}

}
