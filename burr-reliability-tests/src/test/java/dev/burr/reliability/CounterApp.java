package dev.burr.reliability;

import java.util.List;
import java.util.Map;
import java.util.Random;

import dev.burr.core.Actions;
import dev.burr.core.Application;
import dev.burr.core.ApplicationBuilder;
import dev.burr.core.Condition;
import dev.burr.core.Transition;
import dev.burr.core.lifecycle.Tracker;
import dev.burr.persistence.Durability;
import dev.burr.persistence.StateLoader;
import dev.burr.persistence.StatePersister;

/**
 * The application every fault scenario steps: actions {@code a} and {@code b} alternate (so the step stored at
 * sequence id N ran {@code a} when N is even, {@code b} when odd), each adds one to {@code counter} (so the step
 * stored at N has {@code counter == N + 1} exactly when it was computed from the stored step N - 1) and records
 * which process wrote it in {@code writer}. Each action sleeps a random few milliseconds, so that a SIGKILL or an
 * outage lands inside a step as often as between steps.
 */
final class CounterApp {

	static final String PARTITION = "reliability";

	static final String ENTRYPOINT = "a";

	private CounterApp() {
	}

	/** The action the step after one that ran {@code position} runs. */
	static String successor(String position) {
		return "a".equals(position) ? "b" : "a";
	}

	/** The action stored at {@code sequenceId}. */
	static String positionOf(long sequenceId) {
		return (sequenceId % 2 == 0) ? "a" : "b";
	}

	static ApplicationBuilder graph(String writer, Random random, int maxSleepMillis) {
		return ApplicationBuilder.create()
			.withAction("a", step(writer, random, maxSleepMillis))
			.withAction("b", step(writer, random, maxSleepMillis))
			.withTransitions(Transition.of("a", "b", Condition.DEFAULT), Transition.of("b", "a", Condition.DEFAULT));
	}

	private static dev.burr.core.Action step(String writer, Random random, int maxSleepMillis) {
		return Actions.action(List.of("counter"), List.of("counter", "writer"), (state, inputs) -> {
			int sleep = (maxSleepMillis > 0) ? random.nextInt(maxSleepMillis + 1) : 0;
			if (sleep > 0) {
				try {
					Thread.sleep(sleep);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}
			return state.update("counter", state.get("counter", Integer.class) + 1).update("writer", writer);
		});
	}

	/** Builds (or rebuilds) the application {@code appId} on a persister, resuming at the next action. */
	static Application resume(StatePersister persister, String appId, String writer, Random random,
			int maxSleepMillis) {
		return resume(persister, PARTITION, appId, writer, random, maxSleepMillis);
	}

	/** As {@link #resume(StatePersister, String, String, Random, int)}, in another partition. */
	static Application resume(StatePersister persister, String partitionKey, String appId, String writer,
			Random random, int maxSleepMillis) {
		return resume(persister, partitionKey, appId, writer, random, maxSleepMillis, Durability.SYNC);
	}

	/**
	 * As {@link #resume(StatePersister, String, String, String, Random, int)}, saving with {@code durability}
	 * ({@link Durability#ASYNC} queues each step in the persister's write-behind queue).
	 */
	static Application resume(StatePersister persister, String partitionKey, String appId, String writer,
			Random random, int maxSleepMillis, Durability durability) {
		return graph(writer, random, maxSleepMillis)
			.initializeFrom(persister, true, Map.of("counter", 0, "writer", ""), ENTRYPOINT)
			.withStatePersister(persister)
			.withDurability(durability)
			.withIdentifiers(appId, partitionKey)
			.build();
	}

	/** Builds (or rebuilds) the application {@code appId} with the tracker as loader and tracker, no persister. */
	static <T extends Tracker & StateLoader> Application resumeTracked(T tracker, String appId, String writer,
			Random random, int maxSleepMillis) {
		return graph(writer, random, maxSleepMillis)
			.initializeFrom(tracker, true, Map.of("counter", 0, "writer", ""), ENTRYPOINT)
			.withTracker(tracker)
			.withIdentifiers(appId, PARTITION)
			.build();
	}

}
