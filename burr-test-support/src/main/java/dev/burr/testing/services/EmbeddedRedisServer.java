package dev.burr.testing.services;

import java.io.IOException;
import java.io.UncheckedIOException;

import redis.embedded.RedisServer;

/**
 * A standalone Redis from {@code com.github.codemonstur:embedded-redis} (its own binary), on a free loopback
 * port, keeping nothing on disk, stopped at JVM exit.
 */
final class EmbeddedRedisServer {

	static final String NAME = "embedded Redis (com.github.codemonstur:embedded-redis)";

	private EmbeddedRedisServer() {
	}

	static RedisEndpoint start() {
		int port = FreePorts.any();
		try {
			RedisServer server = RedisServer.newRedisServer()
				.executableProvider(RedisExecutables.embedded())
				.bind("127.0.0.1")
				.port(port)
				.setting("save \"\"")
				.setting("appendonly no")
				.build();
			server.start();
			ShutdownHooks.add("embedded Redis", server::stop);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("embedded Redis did not start on port " + port, ex);
		}
		return new RedisEndpoint(NAME, "127.0.0.1", port);
	}

}
