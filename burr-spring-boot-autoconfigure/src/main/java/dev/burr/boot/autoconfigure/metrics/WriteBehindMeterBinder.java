package dev.burr.boot.autoconfigure.metrics;

import java.util.concurrent.TimeUnit;

import dev.burr.boot.autoconfigure.PersistenceBackend;
import dev.burr.persistence.StatePersister;
import dev.burr.persistence.write.WriteBehind;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Meters of a persister's {@link WriteBehind} queue, each tagged with the persister's {@code backend}
 * ({@code jdbc}, {@code redis}, {@code memory}):
 * <ul>
 * <li>{@value #DEPTH}: a gauge of the steps queued or being written;</li>
 * <li>{@value #LAG}: a time gauge of how long the oldest of them has waited;</li>
 * <li>{@value #BATCH_SIZE}: a distribution summary of the steps in each batch written;</li>
 * <li>{@value #DROPPED}: a counter of the steps dropped because an earlier step of their app was not stored.</li>
 * </ul>
 * Binding asks the persister for its queue ({@link StatePersister#writeBehind()}), which creates it; a persister
 * without one gets no meters.
 *
 * @author Burr for Java
 * @since 0.1.0
 */
public final class WriteBehindMeterBinder implements MeterBinder {

	/** Name of the depth gauge. */
	public static final String DEPTH = "burr.write_behind.depth";

	/** Name of the lag time gauge. */
	public static final String LAG = "burr.write_behind.lag";

	/** Name of the batch size distribution summary. */
	public static final String BATCH_SIZE = "burr.write_behind.batch.size";

	/** Name of the dropped steps counter. */
	public static final String DROPPED = "burr.write_behind.dropped";

	private static final String BACKEND = "backend";

	private final StatePersister persister;

	/**
	 * Creates a binder.
	 * @param persister the persister whose queue is measured
	 */
	public WriteBehindMeterBinder(StatePersister persister) {
		this.persister = persister;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		WriteBehind queue = this.persister.writeBehind();
		if (queue == null) {
			return;
		}
		String backend = PersistenceBackend.of(this.persister);
		Gauge.builder(DEPTH, queue, WriteBehind::depth)
			.description("Steps queued in Burr's write-behind queue or being written")
			.baseUnit("steps")
			.tag(BACKEND, backend)
			.register(registry);
		TimeGauge.builder(LAG, queue, TimeUnit.NANOSECONDS, (measured) -> measured.lag().toNanos())
			.description("How long the oldest step in Burr's write-behind queue has waited")
			.tag(BACKEND, backend)
			.register(registry);
		FunctionCounter.builder(DROPPED, queue, WriteBehind::droppedSteps)
			.description("Steps Burr's write-behind queue dropped because an earlier step of their app was not stored")
			.baseUnit("steps")
			.tag(BACKEND, backend)
			.register(registry);
		DistributionSummary batches = DistributionSummary.builder(BATCH_SIZE)
			.description("Steps in each batch Burr's write-behind queue wrote")
			.baseUnit("steps")
			.tag(BACKEND, backend)
			.register(registry);
		queue.addListener((size, took) -> batches.record(size));
	}

}
