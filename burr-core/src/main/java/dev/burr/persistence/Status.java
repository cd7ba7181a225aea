package dev.burr.persistence;

import java.util.Locale;

/** Outcome of a stored step, written as Burr writes it: {@code "completed"} or {@code "failed"}. */
public enum Status {

	/** The action ran and the stored state is the state after it. */
	COMPLETED,

	/** The action threw and the stored state is the state before it. */
	FAILED;

	/** The text stored for this status ({@code "completed"} / {@code "failed"}). */
	public String storedValue() {
		return name().toLowerCase(Locale.ROOT);
	}

	/**
	 * The status stored as {@code value}. Burr treats any text other than {@code "completed"} as a failure
	 * on resume; so does this method.
	 */
	public static Status fromStoredValue(String value) {
		return "completed".equalsIgnoreCase(value) ? COMPLETED : FAILED;
	}

}
