package dev.burr.boot.autoconfigure;

import javax.sql.DataSource;

import dev.burr.boot.autoconfigure.jdbc.BurrJdbcPersistenceAutoConfiguration;
import dev.burr.boot.autoconfigure.observation.BurrObservationAutoConfiguration;
import dev.burr.boot.autoconfigure.redis.BurrRedisPersistenceAutoConfiguration;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Burr's auto-configurations, and clean-up helpers for the tests.
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

	/** Drops a Burr table and its Flyway history table. */
	public static void dropTables(DataSource dataSource, String table) {
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		jdbc.execute("DROP TABLE IF EXISTS " + table);
		jdbc.execute("DROP TABLE IF EXISTS " + table + "_schema_history");
	}

}
