package dev.burr.boot.autoconfigure.jdbc;

import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import dev.burr.boot.autoconfigure.BurrConfigurationException;
import dev.burr.boot.autoconfigure.BurrProperties.InitializeSchema;
import dev.burr.core.State;
import dev.burr.jdbc.test.TestDatabases;
import dev.burr.persistence.BurrPersistenceException;
import dev.burr.persistence.StateSaver;
import dev.burr.persistence.Status;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.datasource.SimpleDriverDataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link BurrJdbcSchemaInitializer}.
 */
class BurrJdbcSchemaInitializerTests {

	private final DataSource embedded = TestDatabases.h2("initializer");

	private final DataSource server = new SimpleDriverDataSource(new org.postgresql.Driver(),
			"jdbc:postgresql://127.0.0.1:1/none");

	@Test
	void alwaysInitializes() {
		Saver saver = new Saver(null);
		assertThat(new BurrJdbcSchemaInitializer(this.server, saver, InitializeSchema.ALWAYS).initialize()).isTrue();
		assertThat(saver.initializations).hasValue(1);
	}

	@Test
	void embeddedInitializesOnlyAnEmbeddedDatabase() {
		Saver saver = new Saver(null);
		assertThat(new BurrJdbcSchemaInitializer(this.embedded, saver, InitializeSchema.EMBEDDED).initialize())
			.isTrue();
		assertThat(new BurrJdbcSchemaInitializer(this.server, saver, InitializeSchema.EMBEDDED).initialize())
			.isFalse();
		assertThat(saver.initializations).hasValue(1);
	}

	@Test
	void failureNamesThePropertyAndTheWayOut() {
		Saver saver = new Saver(new BurrPersistenceException("Cannot migrate Burr table 'burr_state': boom"));
		assertThatExceptionOfType(BurrConfigurationException.class)
			.isThrownBy(() -> new BurrJdbcSchemaInitializer(this.server, saver, InitializeSchema.ALWAYS)
				.afterPropertiesSet())
			.withMessageContaining("boom")
			.satisfies((ex) -> {
				assertThat(ex.getProperty()).isEqualTo("burr.persistence.jdbc.initialize-schema");
				assertThat(ex.getAction()).contains("burr.persistence.jdbc.initialize-schema=never")
					.contains("classpath:db/burr/migration");
			});
	}

	static final class Saver implements StateSaver {

		final AtomicInteger initializations = new AtomicInteger();

		private final @Nullable RuntimeException failure;

		Saver(@Nullable RuntimeException failure) {
			this.failure = failure;
		}

		@Override
		public void initialize() {
			if (this.failure != null) {
				throw this.failure;
			}
			this.initializations.incrementAndGet();
		}

		@Override
		public boolean isInitialized() {
			return this.initializations.get() > 0;
		}

		@Override
		public void save(@Nullable String partitionKey, String appId, long sequenceId, String position, State state,
				Status status) {
		}

	}

}
