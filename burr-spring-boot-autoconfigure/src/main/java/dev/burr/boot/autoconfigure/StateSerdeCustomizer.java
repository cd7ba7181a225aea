package dev.burr.boot.autoconfigure;

import dev.burr.serde.StateSerde;

/**
 * Customizes the auto-configured {@link StateSerde}: registers field and type codecs. Customizers are applied in
 * {@link org.springframework.core.Ordered order}.
 *
 * @author Burr for Java
 * @since 0.1.0
 */
@FunctionalInterface
public interface StateSerdeCustomizer {

	/**
	 * Customizes the builder.
	 * @param builder the builder, already carrying Boot's {@code JsonMapper}
	 */
	void customize(StateSerde.Builder builder);

}
