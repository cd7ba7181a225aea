package dev.burr.testing.services;

import java.io.FileNotFoundException;

import redis.embedded.core.ExecutableProvider;

/** The {@code redis-server} binary to start: the machine's when it is on the PATH, else embedded-redis's own. */
final class RedisExecutables {

	private RedisExecutables() {
	}

	/** The binary that ships inside {@code com.github.codemonstur:embedded-redis}. */
	static ExecutableProvider embedded() {
		return ExecutableProvider.newJarResourceProvider();
	}

	/** The machine's {@code redis-server} when there is one, else {@link #embedded()}. */
	static ExecutableProvider machineOrEmbedded() {
		try {
			return ExecutableProvider.newExecutableInPath("redis-server");
		}
		catch (FileNotFoundException ex) {
			return embedded();
		}
	}

}
