package dev.burr.boot.sample;

import dev.burr.boot.autoconfigure.Counter;
import dev.burr.core.Application;
import dev.burr.core.ApplicationBuilder;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.stereotype.Service;

/**
 * An application with its own Flyway migrations ({@code classpath:db/migration}) that uses Burr.
 */
@SpringBootApplication
public class SampleApplication {

	/**
	 * Counts, resuming each counter where it left off.
	 */
	@Service
	public static class Counters {

		private final ObjectProvider<ApplicationBuilder> builders;

		Counters(ObjectProvider<ApplicationBuilder> builders) {
			this.builders = builders;
		}

		/** The counter {@code appId}, loaded from where it left off. */
		public Application counter(String appId) {
			return Counter.build(this.builders.getObject(), appId);
		}

	}

}
