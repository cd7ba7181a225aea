package dev.burr.boot.autoconfigure.metrics;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import dev.burr.boot.autoconfigure.BurrAutoConfigurations;
import dev.burr.boot.autoconfigure.ControllableDataSource;
import dev.burr.boot.autoconfigure.Counter;
import dev.burr.core.Application;
import dev.burr.core.ApplicationBuilder;
import dev.burr.core.State;
import dev.burr.jdbc.JdbcStatePersister;
import dev.burr.jdbc.test.TestDatabases;
import dev.burr.persistence.BurrPersistenceException;
import dev.burr.persistence.Status;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for the meters of the write-behind queue, in Boot's {@link SimpleMeterRegistry}.
 */
class BurrWriteBehindMetricsAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(BurrAutoConfigurations.burr())
		.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class,
				BurrWriteBehindMetricsAutoConfiguration.class, MetricsAutoConfiguration.class,
				SimpleMetricsExportAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class));

	@Test
	void asyncDurabilityRegistersTheQueuesMetersTaggedWithTheBackend() {
		this.runner.withPropertyValues("burr.persistence.durability=async").run((context) -> {
			assertThat(context).hasSingleBean(WriteBehindMeterBinder.class);
			Application app = Counter.build(context.getBean(ApplicationBuilder.class), "measured");
			app.step();
			app.step();
			app.step();
			app.flush();
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(registry.get(WriteBehindMeterBinder.DEPTH).tag("backend", "memory").gauge().value()).isZero();
			assertThat(registry.get(WriteBehindMeterBinder.LAG).tag("backend", "memory").timeGauge().value())
				.isZero();
			assertThat(registry.get(WriteBehindMeterBinder.DROPPED).tag("backend", "memory").functionCounter().count())
				.isZero();
			var batches = registry.get(WriteBehindMeterBinder.BATCH_SIZE).tag("backend", "memory").summary();
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
			while (batches.totalAmount() < 3 && System.nanoTime() < deadline) {
				Thread.sleep(5); // the summary records a batch just after the flush it ends returns
			}
			assertThat(batches.count()).isBetween(1L, 3L);
			assertThat(batches.totalAmount()).isEqualTo(3.0);
		});
	}

	@Test
	void depthLagAndDroppedStepsFollowTheQueue() {
		ControllableDataSource dataSource = new ControllableDataSource(
				TestDatabases.h2("metrics-" + UUID.randomUUID()));
		this.runner.withBean("dataSource", DataSource.class, () -> dataSource)
			.withPropertyValues("burr.persistence.durability=async", "burr.persistence.write-behind.max-batch=1")
			.run((context) -> {
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				JdbcStatePersister persister = context.getBean(JdbcStatePersister.class);
				persister.save("user-1", "clash", 0, "count", State.of(Map.of("count", 1)), Status.COMPLETED);
				Application app = Counter.buildFresh(context.getBean(ApplicationBuilder.class), "clash");
				dataSource.hold();
				for (int i = 0; i < 4; i++) {
					app.step();
				}
				Thread.sleep(20);
				assertThat(registry.get(WriteBehindMeterBinder.DEPTH).tag("backend", "jdbc").gauge().value())
					.isEqualTo(4.0);
				assertThat(registry.get(WriteBehindMeterBinder.LAG).timeGauge().value(TimeUnit.MILLISECONDS))
					.isGreaterThanOrEqualTo(20.0);
				dataSource.release();
				assertThatExceptionOfType(BurrPersistenceException.class).isThrownBy(app::flush)
					.withMessageContaining("Step 0 of app 'clash'");
				assertThat(registry.get(WriteBehindMeterBinder.DROPPED).tag("backend", "jdbc").functionCounter().count())
					.isEqualTo(3.0);
				assertThat(registry.get(WriteBehindMeterBinder.DEPTH).gauge().value()).isZero();
			});
	}

	@Test
	void syncDurabilityRegistersNoQueueMeters() {
		this.runner.run((context) -> {
			assertThat(context).doesNotHaveBean(WriteBehindMeterBinder.class);
			assertThat(context.getBean(MeterRegistry.class).find(WriteBehindMeterBinder.DEPTH).gauge()).isNull();
		});
	}

	@Test
	void noMetersWithoutAMeterRegistry() {
		new ApplicationContextRunner().withConfiguration(BurrAutoConfigurations.burr())
			.withConfiguration(AutoConfigurations.of(BurrWriteBehindMetricsAutoConfiguration.class))
			.withPropertyValues("burr.persistence.durability=async")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(WriteBehindMeterBinder.class));
	}

	@Test
	void noMetersWithoutMicrometer() {
		new ApplicationContextRunner().withConfiguration(BurrAutoConfigurations.burr())
			.withConfiguration(AutoConfigurations.of(BurrWriteBehindMetricsAutoConfiguration.class))
			.withClassLoader(new FilteredClassLoader(MeterRegistry.class))
			.withPropertyValues("burr.persistence.durability=async")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(WriteBehindMeterBinder.class));
	}

}
