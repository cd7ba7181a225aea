package dev.burr.boot.autoconfigure.actuate;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import dev.burr.boot.autoconfigure.PersistenceBackend;
import dev.burr.persistence.StatePersister;
import dev.burr.persistence.StateStore;
import dev.burr.persistence.write.WriteBehind;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * {@link HealthIndicator} for Burr's persister: UP when its storage is reachable and initialized (for JDBC, the
 * table exists in its current schema), DOWN otherwise, saying what to do. Given the persister's write-behind
 * queue ({@code burr.persistence.durability=async}), it shows the queue's {@code depth}, {@code lag} and
 * {@code dropped} steps, and is DOWN with the writer's failure while the writer cannot store a batch.
 *
 * @author Burr for Java
 * @since 0.1.0
 */
public class BurrHealthIndicator extends AbstractHealthIndicator {

	private final StatePersister persister;

	private final String uninitializedHint;

	private final @Nullable WriteBehind writeBehind;

	/**
	 * Creates an indicator.
	 * @param persister the persister checked
	 * @param uninitializedHint what to do when its storage is not initialized
	 */
	public BurrHealthIndicator(StatePersister persister, String uninitializedHint) {
		this(persister, uninitializedHint, null);
	}

	/**
	 * Creates an indicator that also checks a write-behind queue.
	 * @param persister the persister checked
	 * @param uninitializedHint what to do when its storage is not initialized
	 * @param writeBehind the persister's write-behind queue, or {@code null} to leave it out
	 */
	public BurrHealthIndicator(StatePersister persister, String uninitializedHint,
			@Nullable WriteBehind writeBehind) {
		super("Burr persister health check failed");
		this.persister = persister;
		this.uninitializedHint = uninitializedHint;
		this.writeBehind = writeBehind;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		builder.withDetail("backend", PersistenceBackend.of(this.persister));
		WriteBehind queue = this.writeBehind;
		if (queue != null) {
			Map<String, Object> details = new LinkedHashMap<>();
			details.put("depth", queue.depth());
			details.put("lag", queue.lag().toString());
			details.put("dropped", queue.droppedSteps());
			builder.withDetail("writeBehind", details);
			Optional<RuntimeException> failure = queue.writerFailure();
			if (failure.isPresent()) {
				builder.down()
					.withDetail("error", "Burr's write-behind writer cannot store its queued steps and keeps retrying: "
							+ failure.get().getMessage());
				return;
			}
		}
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
