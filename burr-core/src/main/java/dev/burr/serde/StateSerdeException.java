package dev.burr.serde;

/**
 * A state value could not be turned into JSON, or stored JSON could not be turned back into state. The
 * message names the state field (as a path such as {@code chat_history[2].author}) and the type or marker
 * at fault.
 */
public class StateSerdeException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	public StateSerdeException(String message) {
		super(message);
	}

	public StateSerdeException(String message, Throwable cause) {
		super(message, cause);
	}

}
