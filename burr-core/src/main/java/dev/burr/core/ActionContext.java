package dev.burr.core;

import org.jspecify.annotations.Nullable;

/**
 * What a running action can know about its step: the application, the sequence id and a {@link Tracer}. Read
 * it with {@link #current()} from inside {@link Action#run} or an {@link ActionFunction}.
 */
public final class ActionContext {

	private static final ThreadLocal<ActionContext> CURRENT = new ThreadLocal<>();

	private final String appId;

	private final @Nullable String partitionKey;

	private final long sequenceId;

	private final String actionName;

	private final Tracer tracer;

	ActionContext(String appId, @Nullable String partitionKey, long sequenceId, String actionName, Tracer tracer) {
		this.appId = appId;
		this.partitionKey = partitionKey;
		this.sequenceId = sequenceId;
		this.actionName = actionName;
		this.tracer = tracer;
	}

	/**
	 * The context of the step running on this thread.
	 * @throws IllegalStateException when no action is running on this thread
	 */
	public static ActionContext current() {
		ActionContext context = CURRENT.get();
		if (context == null) {
			throw new IllegalStateException("No Burr action is running on this thread: ActionContext.current() "
					+ "is available only inside Action.run or an ActionFunction");
		}
		return context;
	}

	static void set(@Nullable ActionContext context) {
		if (context == null) {
			CURRENT.remove();
		}
		else {
			CURRENT.set(context);
		}
	}

	/** Application id. */
	public String appId() {
		return this.appId;
	}

	/** Partition key, {@code null} when the application has none. */
	public @Nullable String partitionKey() {
		return this.partitionKey;
	}

	/** Sequence id of the running step. */
	public long sequenceId() {
		return this.sequenceId;
	}

	/** Name of the running action. */
	public String actionName() {
		return this.actionName;
	}

	/** Records spans and attributes for trackers. */
	public Tracer tracer() {
		return this.tracer;
	}

}
