package dev.burr.boot.autoconfigure;

import dev.burr.core.ApplicationBuilder;

/**
 * Customizes each auto-configured {@link ApplicationBuilder} before it is injected. Customizers are applied in
 * {@link org.springframework.core.Ordered order}.
 *
 * @author Burr for Java
 * @since 0.1.0
 */
@FunctionalInterface
public interface ApplicationBuilderCustomizer {

	/**
	 * Customizes the builder.
	 * @param builder the builder, already carrying the persister, tracker and hooks
	 */
	void customize(ApplicationBuilder builder);

}
