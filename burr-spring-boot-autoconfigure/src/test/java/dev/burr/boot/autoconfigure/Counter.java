package dev.burr.boot.autoconfigure;

import java.util.Map;

import dev.burr.core.Application;
import dev.burr.core.ApplicationBuilder;
import dev.burr.core.Transition;
import dev.burr.testing.CountingApps;

/**
 * A one-action application counting its steps, resumed from the builder's persister.
 */
public final class Counter {

	private Counter() {
	}

	/** Builds the counter as {@code appId} in partition {@code user-1}, loading it when it is stored. */
	public static Application build(ApplicationBuilder builder, String appId) {
		return builder
			.withAction("count", CountingApps.counter())
			.withTransitions(Transition.of("count", "count"))
			.withIdentifiers(appId, "user-1")
			.initializeFrom(true, Map.of("count", 0), "count")
			.build();
	}

	/** Builds the counter with its state given, for builders without a persister. */
	public static Application buildFresh(ApplicationBuilder builder, String appId) {
		return builder
			.withAction("count", CountingApps.counter())
			.withTransitions(Transition.of("count", "count"))
			.withIdentifiers(appId, "user-1")
			.withState(Map.of("count", 0))
			.withEntrypoint("count")
			.build();
	}

}
