package dev.burr.boot.autoconfigure;

import java.util.Locale;

import dev.burr.persistence.StatePersister;

/**
 * Short names of persisters, as observations and health details show them.
 *
 * @author Burr for Java
 * @since 0.1.0
 */
public final class PersistenceBackend {

	private PersistenceBackend() {
	}

	/**
	 * The backend of a persister: {@code jdbc}, {@code redis} and {@code memory} for Burr's own, else its class
	 * name without {@code StatePersister}, lower case.
	 */
	public static String of(StatePersister persister) {
		return of(persister.getClass().getSimpleName());
	}

	private static String of(String simpleName) {
		return switch (simpleName) {
			case "JdbcStatePersister" -> "jdbc";
			case "RedisStatePersister" -> "redis";
			case "InMemoryStatePersister" -> "memory";
			default -> {
				String trimmed = simpleName.replace("StatePersister", "").replace("Persister", "");
				yield (trimmed.isEmpty() ? simpleName : trimmed).toLowerCase(Locale.ROOT);
			}
		};
	}

}
