package dev.burr.boot.autoconfigure;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.core.io.support.SpringFactoriesLoader;
import org.springframework.core.io.support.SpringFactoriesLoader.FailureHandler;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link BurrConfigurationFailureAnalyzer}.
 */
class BurrConfigurationFailureAnalyzerTests {

	@Test
	void isRegisteredForSpringBootToFind() {
		assertThat(SpringFactoriesLoader.forDefaultResourceLocation()
			.load(FailureAnalyzer.class, null, FailureHandler.handleMessage((message, failure) -> {
			})))
			.hasAtLeastOneElementOfType(BurrConfigurationFailureAnalyzer.class);
	}

	@Test
	void reportsTheDescriptionThePropertyAndTheActionOfAWrappedException() {
		BurrConfigurationException cause = new BurrConfigurationException("burr.persistence.type",
				"burr.persistence.type=redis but there is no RedisConnectionFactory bean.", "Add Redis.");
		FailureAnalysis analysis = new BurrConfigurationFailureAnalyzer()
			.analyze(new BeanCreationException("burrStatePersister", "failed", cause));
		assertThat(analysis.getDescription()).startsWith("burr.persistence.type=redis but")
			.endsWith("Property: burr.persistence.type");
		assertThat(analysis.getAction()).isEqualTo("Add Redis.");
		assertThat(analysis.getCause()).isSameAs(cause);
	}

}
