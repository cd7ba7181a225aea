package dev.burr.boot.autoconfigure;

/**
 * Burr's configuration cannot work: it names the property at fault and how to fix it.
 * {@link BurrConfigurationFailureAnalyzer} turns it into a startup report.
 *
 * @author Burr for Java
 * @since 0.1.0
 */
public class BurrConfigurationException extends RuntimeException {

	private final String property;

	private final String action;

	/**
	 * Creates an exception.
	 * @param property the property at fault, such as {@code burr.persistence.type}
	 * @param description what is wrong
	 * @param action how to fix it
	 * @param cause what failed, if anything
	 */
	public BurrConfigurationException(String property, String description, String action, Throwable cause) {
		super(description, cause);
		this.property = property;
		this.action = action;
	}

	/**
	 * Creates an exception.
	 * @param property the property at fault, such as {@code burr.persistence.type}
	 * @param description what is wrong
	 * @param action how to fix it
	 */
	public BurrConfigurationException(String property, String description, String action) {
		super(description);
		this.property = property;
		this.action = action;
	}

	/** The property at fault. */
	public String getProperty() {
		return this.property;
	}

	/** How to fix it. */
	public String getAction() {
		return this.action;
	}

}
