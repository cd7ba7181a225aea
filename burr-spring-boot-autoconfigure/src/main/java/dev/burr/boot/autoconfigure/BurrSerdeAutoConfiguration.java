package dev.burr.boot.autoconfigure;

import dev.burr.serde.StateSerde;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration} of the
 * {@link StateSerde} persisters and trackers share: built on Boot's {@link JsonMapper}, when there is one, and
 * the {@link StateSerdeCustomizer} beans.
 *
 * @author Burr for Java
 * @since 0.1.0
 */
@AutoConfiguration(afterName = "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration")
public final class BurrSerdeAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	StateSerde burrStateSerde(ObjectProvider<JsonMapper> jsonMapper, ObjectProvider<StateSerdeCustomizer> customizers) {
		StateSerde.Builder builder = StateSerde.builder();
		jsonMapper.ifUnique(builder::jsonMapper);
		customizers.orderedStream().forEach((customizer) -> customizer.customize(builder));
		return builder.build();
	}

}
