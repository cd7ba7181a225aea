package dev.burr.boot.autoconfigure;

import java.nio.file.Files;
import java.nio.file.Path;

import dev.burr.core.ApplicationBuilder;
import dev.burr.core.lifecycle.ApplicationCreated;
import dev.burr.core.lifecycle.StepFinished;
import dev.burr.core.lifecycle.StepStarted;
import dev.burr.core.lifecycle.Tracker;
import dev.burr.tracking.LocalTrackingClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link BurrTrackingAutoConfiguration}.
 */
class BurrTrackingAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(BurrAutoConfigurations.burr());

	@TempDir
	Path storage;

	@Test
	void noTrackerUnlessEnabled() {
		this.runner.run((context) -> assertThat(context).doesNotHaveBean(Tracker.class));
	}

	@Test
	void enabledTrackerWritesWhereTheBurrUiReads() {
		this.runner
			.withPropertyValues("burr.tracking.enabled=true", "burr.tracking.project=chatbot",
					"burr.tracking.storage-dir=" + this.storage)
			.run((context) -> {
				assertThat(context).hasSingleBean(LocalTrackingClient.class);
				Counter.build(context.getBean(ApplicationBuilder.class), "tracked").step();
				Path app = this.storage.resolve("chatbot").resolve("tracked");
				assertThat(app.resolve("graph.json")).exists();
				assertThat(Files.readAllLines(app.resolve("log.jsonl"))).hasSize(2);
			});
	}

	@Test
	void backsOffToTheUsersTracker() {
		Tracker mine = new Tracker() {

			@Override
			public void postApplicationCreate(ApplicationCreated event) {
			}

			@Override
			public void preRunStep(StepStarted event) {
			}

			@Override
			public void postRunStep(StepFinished event) {
			}

		};
		this.runner.withPropertyValues("burr.tracking.enabled=true")
			.withBean("myTracker", Tracker.class, () -> mine)
			.run((context) -> assertThat(context).hasSingleBean(Tracker.class).getBean(Tracker.class).isSameAs(mine));
	}

	@Test
	void invalidProjectFailsNamingTheProperty() {
		this.runner.withPropertyValues("burr.tracking.enabled=true", "burr.tracking.project=my project",
				"burr.tracking.storage-dir=" + this.storage)
			.run((context) -> assertThat(BurrPersistenceAutoConfigurationTests.analyze(context).getAction())
				.contains("burr.tracking.project"));
	}

	@Test
	void tildeIsTheHomeDirectory() {
		assertThat(BurrTrackingAutoConfiguration.storageDir("~/.burr"))
			.isEqualTo(Path.of(System.getProperty("user.home"), ".burr"));
		assertThat(BurrTrackingAutoConfiguration.storageDir("/tmp/x")).isEqualTo(Path.of("/tmp/x"));
	}

}
