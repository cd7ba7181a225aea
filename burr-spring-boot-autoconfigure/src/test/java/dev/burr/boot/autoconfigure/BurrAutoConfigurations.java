package dev.burr.boot.autoconfigure;

import dev.burr.boot.autoconfigure.jdbc.BurrJdbcPersistenceAutoConfiguration;
import dev.burr.boot.autoconfigure.observation.BurrObservationAutoConfiguration;
import dev.burr.boot.autoconfigure.redis.BurrRedisPersistenceAutoConfiguration;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;

/**
 * The auto-configurations the tests load: Burr's and the Boot ones they build on.
 */
public final class BurrAutoConfigurations {

	private BurrAutoConfigurations() {
	}

	/** Burr's own, in no particular order (their ordering is under test too). */
	public static AutoConfigurations burr() {
		return AutoConfigurations.of(BurrSerdeAutoConfiguration.class, BurrJdbcPersistenceAutoConfiguration.class,
				BurrRedisPersistenceAutoConfiguration.class, BurrPersistenceAutoConfiguration.class,
				BurrTrackingAutoConfiguration.class, BurrObservationAutoConfiguration.class,
				BurrApplicationBuilderAutoConfiguration.class);
	}

	/** Jackson, DataSource and Redis: what Burr's persisters build on. */
	public static AutoConfigurations boot() {
		return AutoConfigurations.of(JacksonAutoConfiguration.class, DataSourceAutoConfiguration.class,
				DataRedisAutoConfiguration.class);
	}

}
