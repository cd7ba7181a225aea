package dev.burr.core;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Where {@code run} and {@code iterate} stop: after one of some actions ran, or before one of others runs.
 * Without either they run until no action is next.
 */
public final class Halt {

	private static final Halt NEVER = new Halt(Set.of(), Set.of());

	private final Set<String> after;

	private final Set<String> before;

	private Halt(Set<String> after, Set<String> before) {
		this.after = after;
		this.before = before;
	}

	/** Run until no action is next. */
	public static Halt never() {
		return NEVER;
	}

	/** Stop after any of these actions ran. */
	public static Halt after(String... actions) {
		return new Halt(Set.copyOf(List.of(actions)), Set.of());
	}

	/** Stop before any of these actions runs. */
	public static Halt before(String... actions) {
		return new Halt(Set.of(), Set.copyOf(List.of(actions)));
	}

	/** This halt, also stopping after any of these actions. */
	public Halt andAfter(String... actions) {
		Set<String> more = new LinkedHashSet<>(this.after);
		more.addAll(List.of(actions));
		return new Halt(Set.copyOf(more), this.before);
	}

	/** This halt, also stopping before any of these actions. */
	public Halt andBefore(String... actions) {
		Set<String> more = new LinkedHashSet<>(this.before);
		more.addAll(List.of(actions));
		return new Halt(this.after, Set.copyOf(more));
	}

	/** Actions after which to stop. */
	public Set<String> afterActions() {
		return this.after;
	}

	/** Actions before which to stop. */
	public Set<String> beforeActions() {
		return this.before;
	}

	@Override
	public String toString() {
		return "Halt[after=" + this.after + ", before=" + this.before + "]";
	}

}
