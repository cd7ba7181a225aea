package dev.burr.boot.autoconfigure;

import java.time.Duration;

import dev.burr.persistence.BurrPersistenceException;
import dev.burr.persistence.Durability;
import dev.burr.persistence.StatePersister;
import dev.burr.persistence.write.WriteBehind;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.env.Environment;

/**
 * Stores what the auto-configured persister's write-behind queue holds when the application context stops, so
 * that the steps of {@code async} applications reach the database or Redis before the {@code DataSource} or the
 * {@code RedisConnectionFactory} closes. It waits up to the shutdown phase timeout
 * ({@code spring.lifecycle.timeout-per-shutdown-phase}, 30 seconds unless set); steps still queued then are lost,
 * and a warning says how many.
 * <p>
 * It stops in {@link #PHASE}: after the web server has finished its requests and stopped (so no new step is
 * queued), before Lettuce's connection factory (phase 0) and before the {@code DataSource} pool, which closes
 * after every phase. With {@code burr.persistence.durability=sync} it closes the persister instead, which stores
 * a queue that applications built with {@code withDurability(ASYNC)} made, within
 * {@code burr.persistence.write-behind.timeout}. The persister's queue is closed for good: applications cannot
 * queue steps after the context stops.
 *
 * @author Burr for Java
 * @since 0.1.0
 */
public final class BurrWriteBehindLifecycle implements SmartLifecycle {

	/**
	 * The phase it stops in: below Spring Boot's web server phases ({@code Integer.MAX_VALUE - 1024} for graceful
	 * shutdown and {@code - 2048} for stopping the server), well above Lettuce's 0.
	 */
	public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

	static final String SHUTDOWN_TIMEOUT_PROPERTY = "spring.lifecycle.timeout-per-shutdown-phase";

	private static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(30);

	private static final Log logger = LogFactory.getLog(BurrWriteBehindLifecycle.class);

	private final StatePersister persister;

	private final Durability durability;

	private final Duration timeout;

	private volatile boolean running;

	/**
	 * Creates a lifecycle.
	 * @param persister the persister whose queue it drains
	 * @param durability {@code burr.persistence.durability}
	 * @param timeout longest wait for the queue to drain
	 */
	public BurrWriteBehindLifecycle(StatePersister persister, Durability durability, Duration timeout) {
		this.persister = persister;
		this.durability = durability;
		this.timeout = timeout;
	}

	/**
	 * A lifecycle for the persister, with the durability of {@code properties} and the shutdown phase timeout of
	 * {@code environment}.
	 */
	public static BurrWriteBehindLifecycle of(StatePersister persister, BurrProperties properties,
			Environment environment) {
		Duration timeout = Binder.get(environment)
			.bind(SHUTDOWN_TIMEOUT_PROPERTY, Duration.class)
			.orElse(DEFAULT_SHUTDOWN_TIMEOUT);
		return new BurrWriteBehindLifecycle(persister, properties.getPersistence().getDurability(), timeout);
	}

	@Override
	public void start() {
		this.running = true;
	}

	@Override
	public void stop() {
		this.running = false;
		if (this.durability == Durability.ASYNC) {
			WriteBehind queue = this.persister.writeBehind();
			if (queue != null) {
				drain(queue);
			}
		}
		else if (this.persister instanceof AutoCloseable closeable) {
			close(closeable);
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

	/** Longest wait for the queue to drain. */
	public Duration getTimeout() {
		return this.timeout;
	}

	private void drain(WriteBehind queue) {
		int depth = queue.depth();
		if (depth > 0 && logger.isInfoEnabled()) {
			logger.info("Storing " + depth + " queued Burr steps before shutdown, for up to " + this.timeout);
		}
		try {
			queue.close(this.timeout);
		}
		catch (BurrPersistenceException ex) {
			logger.warn(lost(ex));
		}
	}

	private void close(AutoCloseable closeable) {
		try {
			closeable.close();
		}
		catch (BurrPersistenceException ex) {
			logger.warn(lost(ex));
		}
		catch (Exception ex) {
			logger.warn("Failed to close Burr's persister " + this.persister.getClass().getName(), ex);
		}
	}

	private static String lost(BurrPersistenceException ex) {
		return "Burr lost queued steps at shutdown: " + ex.getMessage() + ". Their applications resume from the "
				+ "last step stored before them.";
	}

}
