package dev.burr.boot.autoconfigure.actuate;

import dev.burr.boot.autoconfigure.BurrProperties;
import dev.burr.jdbc.JdbcStatePersister;
import dev.burr.persistence.Durability;
import dev.burr.persistence.StatePersister;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.util.ClassUtils;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration} of the {@code burr}
 * health indicator, on the {@link StatePersister}, and on its write-behind queue when
 * {@code burr.persistence.durability} is {@code async}.
 *
 * @author Burr for Java
 * @since 0.1.0
 */
@AutoConfiguration(afterName = { "dev.burr.boot.autoconfigure.BurrPersistenceAutoConfiguration",
		"dev.burr.boot.autoconfigure.jdbc.BurrJdbcPersistenceAutoConfiguration",
		"dev.burr.boot.autoconfigure.redis.BurrRedisPersistenceAutoConfiguration" })
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnEnabledHealthIndicator("burr")
@ConditionalOnSingleCandidate(StatePersister.class)
@EnableConfigurationProperties(BurrProperties.class)
public final class BurrHealthContributorAutoConfiguration {

	private static final boolean JDBC_PRESENT = ClassUtils.isPresent("dev.burr.jdbc.JdbcStatePersister",
			BurrHealthContributorAutoConfiguration.class.getClassLoader());

	@Bean
	@ConditionalOnMissingBean(name = "burrHealthIndicator")
	BurrHealthIndicator burrHealthIndicator(StatePersister persister, BurrProperties properties) {
		BurrProperties.Persistence persistence = properties.getPersistence();
		return new BurrHealthIndicator(persister, uninitializedHint(persister, properties),
				(persistence.getDurability() == Durability.ASYNC) ? persister.writeBehind() : null);
	}

	static String uninitializedHint(StatePersister persister, BurrProperties properties) {
		String tableName = JDBC_PRESENT ? JdbcTable.name(persister) : null;
		String migrations = JDBC_PRESENT ? JdbcTable.migrations(persister) : null;
		String storage = (tableName != null) ? "Burr's table '" + tableName + "'" : "Burr's storage";
		return storage + " does not exist or is not at its current schema (with "
				+ "burr.persistence.jdbc.initialize-schema="
				+ properties.getPersistence().getJdbc().getInitializeSchema().name().toLowerCase()
				+ "). Set burr.persistence.jdbc.initialize-schema=always, or apply the SQL migrations in "
				+ ((migrations != null) ? migrations : "classpath:db/burr/migration/")
				+ "<database>/ yourself, or call initialize() on your persister.";
	}

	/**
	 * The table and migrations of a JDBC persister, in a class of its own so that burr-jdbc may be absent.
	 */
	private static final class JdbcTable {

		static @Nullable String name(StatePersister persister) {
			return (persister instanceof JdbcStatePersister jdbc) ? jdbc.getTableName() : null;
		}

		static @Nullable String migrations(StatePersister persister) {
			return (persister instanceof JdbcStatePersister jdbc) ? jdbc.getMigrationsLocation() : null;
		}

	}

}
