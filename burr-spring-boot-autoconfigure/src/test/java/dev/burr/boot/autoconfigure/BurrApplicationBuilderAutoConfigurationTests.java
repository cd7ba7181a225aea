package dev.burr.boot.autoconfigure;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.burr.core.Application;
import dev.burr.core.ApplicationBuilder;
import dev.burr.core.State;
import dev.burr.persistence.InMemoryStatePersister;
import dev.burr.persistence.StatePersister;
import dev.burr.serde.StateSerde;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the prototype {@link ApplicationBuilder} and the {@link StateSerde}.
 */
class BurrApplicationBuilderAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(BurrAutoConfigurations.burr())
		.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class));

	@Test
	void twoInjectionsAreTwoBuildersCarryingTheSamePersister() {
		this.runner.run((context) -> {
			ApplicationBuilder first = context.getBean(ApplicationBuilder.class);
			ApplicationBuilder second = context.getBean(ApplicationBuilder.class);
			assertThat(first).isNotSameAs(second);
			Counter.build(first, "first").step();
			Counter.build(second, "second").step();
			StatePersister persister = context.getBean(StatePersister.class);
			assertThat(persister.listAppIds("user-1")).containsExactlyInAnyOrder("first", "second");
		});
	}

	@Test
	void builderLoadsThroughThePersisterWithInitializeFrom() {
		this.runner.run((context) -> {
			Application app = Counter.build(context.getBean(ApplicationBuilder.class), "resumed");
			app.step();
			app.step();
			Application resumed = Counter.build(context.getBean(ApplicationBuilder.class), "resumed");
			assertThat(resumed.sequenceId()).hasValue(1);
			assertThat(resumed.state().get("count", Integer.class)).isEqualTo(2);
		});
	}

	@Test
	void customizersAreAppliedInOrder() {
		this.runner.withUserConfiguration(CustomizerConfiguration.class).run((context) -> {
			context.getBean(ApplicationBuilder.class);
			assertThat(context.getBean(CustomizerConfiguration.class).calls).containsExactly("first", "second");
		});
	}

	@Test
	void backsOffWhenTheUserDefinesAnApplicationBuilder() {
		this.runner.withUserConfiguration(UserBuilderConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(ApplicationBuilder.class);
			assertThat(context.getBean(ApplicationBuilder.class))
				.isSameAs(context.getBean(UserBuilderConfiguration.class).builder);
		});
	}

	@Test
	void serdeIsBuiltOnBootsJsonMapperWithTheCustomizers() {
		this.runner.withUserConfiguration(SerdeCustomizerConfiguration.class)
			.withPropertyValues("spring.jackson.property-naming-strategy=SNAKE_CASE")
			.run((context) -> {
				assertThat(context).hasSingleBean(JsonMapper.class);
				StateSerde serde = context.getBean(StateSerde.class);
				Map<String, ?> stored = serde.serialize(State.of(Map.of("point", new Point(1, 2))));
				assertThat(stored.get("point")).asInstanceOf(InstanceOfAssertFactories.MAP)
					.containsEntry("x_value", 1);
				assertThat(serde.deserialize(stored).get("point")).isEqualTo(new Point(1, 2));
			});
	}

	@Test
	void serdeBacksOffToTheUsers() {
		this.runner.withBean("userSerde", StateSerde.class, StateSerde::defaults).run((context) -> {
			assertThat(context).hasSingleBean(StateSerde.class);
			assertThat(context).hasBean("userSerde");
		});
	}

	@Test
	void persisterBacksOffAndTheBuilderCarriesTheUsers() {
		this.runner.withBean("userPersister", StatePersister.class, InMemoryStatePersister::new).run((context) -> {
			Counter.build(context.getBean(ApplicationBuilder.class), "mine").step();
			assertThat(context.getBean("userPersister", StatePersister.class).listAppIds("user-1"))
				.containsExactly("mine");
		});
	}

	record Point(int xValue, int yValue) {
	}

	@Configuration(proxyBeanMethods = false)
	static class CustomizerConfiguration {

		final List<String> calls = new ArrayList<>();

		@Bean
		@Order(2)
		ApplicationBuilderCustomizer second() {
			return (builder) -> this.calls.add("second");
		}

		@Bean
		@Order(1)
		ApplicationBuilderCustomizer first() {
			return (builder) -> this.calls.add("first");
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserBuilderConfiguration {

		final ApplicationBuilder builder = ApplicationBuilder.create();

		@Bean
		ApplicationBuilder userBuilder() {
			return this.builder;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class SerdeCustomizerConfiguration {

		@Bean
		StateSerdeCustomizer pointCodec() {
			return (builder) -> builder.type(Point.class, "point");
		}

	}

}
