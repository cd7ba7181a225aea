package dev.burr.boot.autoconfigure.observation;

import java.util.List;
import java.util.Map;

import dev.burr.boot.autoconfigure.BurrAutoConfigurations;
import dev.burr.boot.autoconfigure.Counter;
import dev.burr.core.Actions;
import dev.burr.core.Application;
import dev.burr.core.ApplicationBuilder;
import dev.burr.persistence.InMemoryStatePersister;
import dev.burr.persistence.StatePersister;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatRuntimeException;

/**
 * Tests for Burr's observations, as the timers they make in Boot's {@link MeterRegistry}.
 */
class BurrObservationAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(BurrAutoConfigurations.burr())
		.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, ObservationAutoConfiguration.class,
				MetricsAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class,
				CompositeMeterRegistryAutoConfiguration.class));

	@Test
	void threeStepsMakeStepSaveAndLoadTimersWithoutAppIds() {
		this.runner.run((context) -> {
			Application app = Counter.build(context.getBean(ApplicationBuilder.class), "app-secret-id");
			app.step();
			app.step();
			app.step();
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			Timer steps = registry.get("burr.step").tag("action", "count").tag("status", "completed").timer();
			assertThat(steps.count()).isEqualTo(3);
			assertThat(registry.get("burr.persistence.save")
				.tag("backend", "memory")
				.tag("outcome", "success")
				.timer()
				.count()).isEqualTo(3);
			assertThat(registry.get("burr.persistence.load")
				.tag("backend", "memory")
				.tag("outcome", "not_found")
				.timer()
				.count()).isEqualTo(1);
			Counter.build(context.getBean(ApplicationBuilder.class), "app-secret-id");
			assertThat(registry.get("burr.persistence.load").tag("outcome", "found").timer().count()).isEqualTo(1);
			for (Meter meter : registry.getMeters()) {
				for (Tag tag : meter.getId().getTags()) {
					assertThat(tag.getValue()).as(meter.getId().toString())
						.doesNotContain("app-secret-id")
						.doesNotContain("user-1");
				}
			}
		});
	}

	@Test
	void failedStepIsTaggedFailed() {
		this.runner.run((context) -> {
			Application app = context.getBean(ApplicationBuilder.class)
				.withAction("boom", Actions.action(List.of(), List.of(), (state, inputs) -> {
					throw new IllegalStateException("boom");
				}))
				.withState(Map.of())
				.withEntrypoint("boom")
				.build();
			assertThatRuntimeException().isThrownBy(app::step);
			Timer failed = context.getBean(MeterRegistry.class)
				.get("burr.step")
				.tag("action", "boom")
				.tag("status", "failed")
				.tag("error", "IllegalStateException")
				.timer();
			assertThat(failed.count()).isEqualTo(1);
		});
	}

	@Test
	void builderSavesThroughAnObservedPersisterAroundTheBean() {
		this.runner.run((context) -> {
			StatePersister persister = context.getBean(StatePersister.class);
			assertThat(persister).isNotInstanceOf(ObservedStatePersister.class);
			Counter.build(context.getBean(ApplicationBuilder.class), "a").step();
			assertThat(persister.listAppIds("user-1")).containsExactly("a");
		});
	}

	@Test
	void asyncApplicationsQueueInTheObservedPersistersQueue() {
		this.runner.withPropertyValues("burr.persistence.durability=async").run((context) -> {
			InMemoryStatePersister persister = context.getBean(InMemoryStatePersister.class);
			Application app = Counter.build(context.getBean(ApplicationBuilder.class), "async-observed");
			app.step();
			app.step();
			app.flush();
			assertThat(persister.writeBehind().depth()).isZero();
			assertThat(persister.history("user-1", "async-observed")).hasSize(2);
			assertThat(context.getBean(MeterRegistry.class).get("burr.step").timer().count()).isEqualTo(2);
		});
	}

	@Test
	void observedPersisterHandsOutTheQueueOfTheOneItObserves() {
		InMemoryStatePersister persister = new InMemoryStatePersister();
		assertThat(new ObservedStatePersister(persister, ObservationRegistry.NOOP).writeBehind())
			.isSameAs(persister.writeBehind());
	}

	@Test
	void noObservationsWithoutAnObservationRegistry() {
		new ApplicationContextRunner().withConfiguration(BurrAutoConfigurations.burr())
			.run((context) -> assertThat(context)
				.doesNotHaveBean(BurrObservationAutoConfiguration.ObservationApplicationBuilderCustomizer.class));
	}

}
