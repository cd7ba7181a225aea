package dev.burr.boot.autoconfigure;

import java.nio.file.Path;

import dev.burr.core.lifecycle.Tracker;
import dev.burr.serde.StateSerde;
import dev.burr.tracking.LocalTrackingClient;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration} of the
 * {@link LocalTrackingClient}, whose files the Burr UI reads, when {@code burr.tracking.enabled} is set. It is
 * thread-safe, so one client serves every application.
 *
 * @author Burr for Java
 * @since 0.1.0
 */
@AutoConfiguration(after = BurrSerdeAutoConfiguration.class)
@ConditionalOnBooleanProperty("burr.tracking.enabled")
@EnableConfigurationProperties(BurrProperties.class)
public final class BurrTrackingAutoConfiguration {

	private static final String PROJECT_PROPERTY = "burr.tracking.project";

	@Bean
	@ConditionalOnMissingBean(Tracker.class)
	LocalTrackingClient burrTracker(BurrProperties properties, StateSerde serde) {
		BurrProperties.Tracking tracking = properties.getTracking();
		try {
			return new LocalTrackingClient(tracking.getProject(), storageDir(tracking.getStorageDir()), serde);
		}
		catch (IllegalArgumentException ex) {
			throw new BurrConfigurationException(PROJECT_PROPERTY,
					"Invalid Burr tracking project '" + tracking.getProject() + "': " + ex.getMessage(),
					"Set " + PROJECT_PROPERTY + " to letters, digits, '_', '-' and ':' only, such as my-chatbot.", ex);
		}
	}

	static Path storageDir(String storageDir) {
		if (storageDir.equals("~") || storageDir.startsWith("~/")) {
			return Path.of(System.getProperty("user.home"), storageDir.substring(1).replaceFirst("^/", ""));
		}
		return Path.of(storageDir);
	}

}
