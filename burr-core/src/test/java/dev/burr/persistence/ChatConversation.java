package dev.burr.persistence;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.burr.core.State;
import org.jspecify.annotations.Nullable;

/**
 * A chat saved step by step as the engine saves it, for the delta layout's tests: each step appends a message of
 * about 210 characters to {@code chat} and sets {@code turns}, and tells the store what it changed (the first step's
 * change is unknown).
 */
public final class ChatConversation {

	private ChatConversation() {
	}

	/**
	 * Saves {@code steps} steps of app {@code chat} in partition {@code pk} to {@code store} and, when given, to
	 * {@code burr} (without the change), starting from {@code start}.
	 * @return the state after each step
	 */
	public static List<State> save(StateStore store, @Nullable StateStore burr, int steps, State start) {
		List<State> states = new ArrayList<>();
		State state = start;
		for (int seq = 0; seq < steps; seq++) {
			String message = "message " + seq + " " + "x".repeat(200);
			State next = state.append("chat", message).update(Map.of("turns", seq + 1));
			StateChange change = (seq == 0) ? StateChange.unknown()
					: StateChange.of(List.of(new StateChange.Append("chat", List.<Object>of(message)),
							new StateChange.Put("turns", seq + 1)));
			store.save("pk", "chat", seq, "reply", next, Status.COMPLETED, change);
			if (burr != null) {
				burr.save("pk", "chat", seq, "reply", next, Status.COMPLETED);
			}
			states.add(next);
			state = next;
		}
		return states;
	}

}
