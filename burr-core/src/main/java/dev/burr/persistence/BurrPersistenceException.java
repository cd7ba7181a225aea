package dev.burr.persistence;

import org.jspecify.annotations.Nullable;

/** A step could not be stored or loaded; the message names the application and the step. */
public class BurrPersistenceException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	public BurrPersistenceException(String message) {
		super(message);
	}

	public BurrPersistenceException(String message, @Nullable Throwable cause) {
		super(message, cause);
	}

}
