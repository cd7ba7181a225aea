package dev.burr.boot.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Reports a {@link BurrConfigurationException}: what is wrong, the property at fault and how to fix it.
 *
 * @author Burr for Java
 */
class BurrConfigurationFailureAnalyzer extends AbstractFailureAnalyzer<BurrConfigurationException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, BurrConfigurationException cause) {
		String description = cause.getMessage() + System.lineSeparator() + System.lineSeparator() + "Property: "
				+ cause.getProperty();
		return new FailureAnalysis(description, cause.getAction(), cause);
	}

}
