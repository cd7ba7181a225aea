package dev.burr.boot.autoconfigure.actuate;

import dev.burr.boot.autoconfigure.PersistenceBackend;
import dev.burr.persistence.StatePersister;
import dev.burr.persistence.StateStore;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * {@link HealthIndicator} for Burr's persister: UP when its storage is reachable and initialized (for JDBC, the
 * table exists in its current schema), DOWN otherwise, saying what to do.
 *
 * @author Burr for Java
 * @since 0.1.0
 */
public class BurrHealthIndicator extends AbstractHealthIndicator {

	private final StatePersister persister;

	private final String uninitializedHint;

	/**
	 * Creates an indicator.
	 * @param persister the persister checked
	 * @param uninitializedHint what to do when its storage is not initialized
	 */
	public BurrHealthIndicator(StatePersister persister, String uninitializedHint) {
		super("Burr persister health check failed");
		this.persister = persister;
		this.uninitializedHint = uninitializedHint;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		builder.withDetail("backend", PersistenceBackend.of(this.persister));
		if (!this.persister.isInitialized()) {
			builder.down().withDetail("initialized", false).withDetail("error", this.uninitializedHint);
			return;
		}
		if (this.persister instanceof StateStore store) {
			store.listApps(null, 0, 1);
		}
		builder.up().withDetail("initialized", true);
	}

}
