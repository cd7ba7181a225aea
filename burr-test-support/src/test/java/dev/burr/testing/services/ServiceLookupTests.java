package dev.burr.testing.services;

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/** The lookup's order, its caching, and the message when no way provides a service. */
class ServiceLookupTests {

	private static final String UNSET = "BURR_TEST_NOTHING_SETS_THIS";

	@Test
	void withoutUrlOrDockerTheEmbeddedServerIsStartedOnce() {
		AtomicInteger starts = new AtomicInteger();
		ServiceLookup<String> lookup = new ServiceLookup<>("Thing", UNSET, "thing://x", url -> url, null,
				"embedded Thing", () -> "embedded-" + starts.incrementAndGet());
		assertThat(lookup.get()).isEqualTo("embedded-1");
		assertThat(lookup.get()).isEqualTo("embedded-1");
		assertThat(starts).hasValue(1);
	}

	@Test
	void whenNothingProvidesTheServiceTheFailureNamesItAndTheThreeWays() {
		AtomicInteger starts = new AtomicInteger();
		ServiceLookup<String> lookup = new ServiceLookup<>("Thing", UNSET, "thing://127.0.0.1:1", url -> url, null,
				"embedded Thing", () -> {
					starts.incrementAndGet();
					throw new UnsupportedOperationException("no binary for this platform");
				});
		assertThatIllegalStateException().isThrownBy(lookup::get)
			.withMessageContaining("No Thing for the tests")
			.withMessageContaining("$" + UNSET + " is not set")
			.withMessageContaining("embedded Thing failed: java.lang.UnsupportedOperationException: no binary")
			.withMessageContaining("set " + UNSET + " (for example " + UNSET + "=thing://127.0.0.1:1)")
			.withMessageContaining("start a Docker engine for Testcontainers")
			.withMessageContaining("let embedded Thing run on this machine");
		assertThatIllegalStateException().isThrownBy(lookup::get).withMessageContaining("No Thing for the tests");
		assertThat(starts).hasValue(1);
	}

	@Test
	void aRedisUrlWithoutPortIsRefusedNamingTheVariable() {
		assertThatIllegalStateException().isThrownBy(() -> RedisEndpoint.parse("x", "BURR_TEST_REDIS_URL", "redis://host"))
			.withMessage("BURR_TEST_REDIS_URL must look like redis://127.0.0.1:6379 (comma-separated for a cluster),"
					+ " but was redis://host");
	}

}
