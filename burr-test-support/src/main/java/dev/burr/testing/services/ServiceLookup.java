package dev.burr.testing.services;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

/**
 * Finds one kind of service, once per JVM, in the order DESIGN.md section 7 gives: the URL in an environment
 * variable, else a Testcontainers container when a Docker engine answers, else embedded binaries. When none
 * works it fails naming the service and the three ways to provide it, and keeps failing the same way.
 *
 * @param <T> what the tests get: an address or a JDBC URL
 */
final class ServiceLookup<T> {

	private final String name;

	private final String variable;

	private final String exampleUrl;

	private final Function<String, T> fromUrl;

	private final @Nullable Supplier<T> container;

	private final Supplier<T> embedded;

	private final String embeddedName;

	private @Nullable T found;

	private @Nullable IllegalStateException failure;

	ServiceLookup(String name, String variable, String exampleUrl, Function<String, T> fromUrl,
			@Nullable Supplier<T> container, String embeddedName, Supplier<T> embedded) {
		this.name = name;
		this.variable = variable;
		this.exampleUrl = exampleUrl;
		this.fromUrl = fromUrl;
		this.container = container;
		this.embeddedName = embeddedName;
		this.embedded = embedded;
	}

	synchronized T get() {
		if (this.found != null) {
			return this.found;
		}
		if (this.failure != null) {
			throw this.failure;
		}
		try {
			this.found = locate();
			return this.found;
		}
		catch (IllegalStateException ex) {
			this.failure = ex;
			throw ex;
		}
	}

	private T locate() {
		String url = System.getenv(this.variable);
		if (url != null && !url.isBlank()) {
			return this.fromUrl.apply(url);
		}
		List<String> tried = new ArrayList<>();
		tried.add("$" + this.variable + " is not set");
		if (this.container == null) {
			tried.add("Testcontainers is not used for " + this.name);
		}
		else if (DockerEngine.answers()) {
			try {
				return this.container.get();
			}
			catch (RuntimeException ex) {
				tried.add("Testcontainers failed: " + ex);
			}
		}
		else {
			tried.add("no Docker engine answers for Testcontainers");
		}
		try {
			return this.embedded.get();
		}
		catch (RuntimeException | LinkageError ex) {
			tried.add(this.embeddedName + " failed: " + ex);
			throw new IllegalStateException("No " + this.name + " for the tests (" + String.join("; ", tried)
					+ "). Provide one of: set " + this.variable + " (for example " + this.variable + "="
					+ this.exampleUrl + "); start a Docker engine for Testcontainers; or let " + this.embeddedName
					+ " run on this machine.", ex);
		}
	}

}
