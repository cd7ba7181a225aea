package dev.burr.boot.autoconfigure.observation;

import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;

/**
 * Context of a {@code burr.step} observation: one action run by an application. The application id and partition
 * key are here for handlers and custom conventions; the default convention never makes them tags.
 *
 * @author Burr for Java
 * @since 0.1.0
 */
public class StepObservationContext extends Observation.Context {

	private final String appId;

	private final @Nullable String partitionKey;

	private final long sequenceId;

	private final String actionName;

	private @Nullable Throwable failure;

	private boolean finished;

	/**
	 * Creates a context.
	 * @param appId application id
	 * @param partitionKey partition key, {@code null} when it has none
	 * @param sequenceId sequence id of the step
	 * @param actionName name of the action
	 */
	public StepObservationContext(String appId, @Nullable String partitionKey, long sequenceId, String actionName) {
		this.appId = appId;
		this.partitionKey = partitionKey;
		this.sequenceId = sequenceId;
		this.actionName = actionName;
	}

	public String getAppId() {
		return this.appId;
	}

	public @Nullable String getPartitionKey() {
		return this.partitionKey;
	}

	public long getSequenceId() {
		return this.sequenceId;
	}

	public String getActionName() {
		return this.actionName;
	}

	/** What the action or the save of its step threw, {@code null} when it completed or is still running. */
	public @Nullable Throwable getFailure() {
		return this.failure;
	}

	/** Whether the step has finished, completed or failed. */
	public boolean isFinished() {
		return this.finished;
	}

	void finish(@Nullable Throwable failure) {
		this.failure = failure;
		this.finished = true;
	}

}
