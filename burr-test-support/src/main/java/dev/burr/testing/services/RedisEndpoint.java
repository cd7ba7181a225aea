package dev.burr.testing.services;

import java.net.URI;

/**
 * One Redis server found for the tests.
 *
 * @param description where it came from, for messages
 * @param host its host
 * @param port its port
 */
public record RedisEndpoint(String description, String host, int port) {

	/** {@code redis://host:port}. */
	public URI uri() {
		return URI.create("redis://" + this.host + ":" + this.port);
	}

	static RedisEndpoint parse(String description, String variable, String url) {
		URI uri;
		try {
			uri = URI.create(url.trim());
		}
		catch (IllegalArgumentException ex) {
			uri = null;
		}
		if (uri == null || uri.getHost() == null || uri.getPort() < 0) {
			throw new IllegalStateException(
					variable + " must look like redis://127.0.0.1:6379 (comma-separated for a cluster), but was " + url);
		}
		return new RedisEndpoint(description, uri.getHost(), uri.getPort());
	}

}
