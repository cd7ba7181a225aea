package dev.burr.tracking;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import dev.burr.core.Actions;
import dev.burr.core.Application;
import dev.burr.core.ApplicationBuilder;
import dev.burr.core.Condition;
import dev.burr.core.Transition;

/**
 * Run by {@link KilledRunTests} in a child JVM: counts with the tracker as tracker and loader, and hangs inside
 * the step that reaches {@code hangAt}, after printing {@code inside <seq>}, until it is killed.
 */
public final class KilledRunMain {

	private KilledRunMain() {
	}

	static ApplicationBuilder counter(int hangAt) {
		return ApplicationBuilder.create()
			.withAction("counter", Actions.action(List.of("counter"), List.of("counter"), (state, inputs) -> {
				int next = state.get("counter", Integer.class) + 1;
				if (next == hangAt) {
					System.out.println("inside " + state.get("__SEQUENCE_ID"));
					System.out.flush();
					try {
						Thread.sleep(120_000);
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
					}
				}
				return state.update("counter", next);
			}))
			.withTransitions(Transition.of("counter", "counter", Condition.DEFAULT));
	}

	static Application build(LocalTrackingClient tracker, String appId, int hangAt) {
		return counter(hangAt).initializeFrom(tracker, true, Map.of("counter", 0), "counter")
			.withIdentifiers(appId, "killed")
			.withTracker(tracker)
			.build();
	}

	public static void main(String[] args) {
		LocalTrackingClient tracker = new LocalTrackingClient("killed_runs", Path.of(args[0]));
		Application app = build(tracker, args[1], Integer.parseInt(args[2]));
		while (true) {
			app.step();
		}
	}

}
