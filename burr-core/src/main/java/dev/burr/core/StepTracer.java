package dev.burr.core;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.burr.core.lifecycle.AttributesLogged;
import dev.burr.core.lifecycle.SpanEnded;
import dev.burr.core.lifecycle.SpanStarted;
import org.jspecify.annotations.Nullable;

/**
 * The {@link Tracer} of one step. Span ids follow Burr's scheme: the step is {@code "{seq}:0"}, its n-th child
 * {@code "{seq}:0.n"}, that span's children {@code "{seq}:0.n.m"}.
 */
final class StepTracer implements Tracer {

	private final Hooks hooks;

	private final String appId;

	private final @Nullable String partitionKey;

	private final String actionName;

	private final long sequenceId;

	private final Deque<String> open = new ArrayDeque<>();

	private final Map<String, Integer> childCounts = new HashMap<>();

	StepTracer(Hooks hooks, String appId, @Nullable String partitionKey, String actionName, long sequenceId) {
		this.hooks = hooks;
		this.appId = appId;
		this.partitionKey = partitionKey;
		this.actionName = actionName;
		this.sequenceId = sequenceId;
		this.open.push(this.sequenceId + ":0");
	}

	@Override
	public synchronized TraceSpan span(String name) {
		String parent = this.open.peek();
		int index = this.childCounts.merge(parent, 1, Integer::sum) - 1;
		String id = parent + "." + index;
		this.open.push(id);
		this.hooks.spanStarted(new SpanStarted(this.appId, this.partitionKey, this.actionName, this.sequenceId, id,
				name, parent));
		return new Span(id);
	}

	@Override
	public synchronized void log(Map<String, ? extends @Nullable Object> attributes) {
		String innermost = this.open.peek();
		logOn(innermost.equals(this.sequenceId + ":0") ? null : innermost, attributes);
	}

	private void logOn(@Nullable String spanId, Map<String, ? extends @Nullable Object> attributes) {
		this.hooks.attributesLogged(new AttributesLogged(this.appId, this.partitionKey, this.actionName,
				this.sequenceId, spanId, new LinkedHashMap<>(attributes)));
	}

	/** Closes the spans the action left open, innermost first. */
	synchronized void closeAll() {
		while (this.open.size() > 1) {
			end(this.open.pop());
		}
	}

	private synchronized void close(String id) {
		if (!this.open.contains(id)) {
			return;
		}
		while (this.open.size() > 1) {
			String closing = this.open.pop();
			end(closing);
			if (closing.equals(id)) {
				return;
			}
		}
	}

	private void end(String id) {
		this.hooks.spanEnded(new SpanEnded(this.appId, this.partitionKey, this.actionName, this.sequenceId, id));
	}

	private final class Span implements TraceSpan {

		private final String id;

		private Span(String id) {
			this.id = id;
		}

		@Override
		public String id() {
			return this.id;
		}

		@Override
		public void log(Map<String, ? extends @Nullable Object> attributes) {
			synchronized (StepTracer.this) {
				logOn(this.id, attributes);
			}
		}

		@Override
		public void close() {
			StepTracer.this.close(this.id);
		}

	}

}
