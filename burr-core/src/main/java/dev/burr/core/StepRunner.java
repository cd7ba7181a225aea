package dev.burr.core;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.burr.core.lifecycle.StepFinished;
import dev.burr.core.lifecycle.StepStarted;
import dev.burr.persistence.BurrPersistenceException;
import dev.burr.persistence.PartitionKeys;
import dev.burr.persistence.StateChange;
import dev.burr.persistence.StateSaver;
import dev.burr.persistence.Status;
import dev.burr.persistence.StepSave;
import org.jspecify.annotations.Nullable;

/**
 * Runs one step of an application: checks the inputs, runs the action under its {@link StepTracer}, saves the
 * completed step, or on failure saves the state before it as {@code failed}, and tells the hooks. The
 * application moves through its {@link Position} only once storage holds the step. Callers run one step at a
 * time.
 */
final class StepRunner {

	private final Graph graph;

	private final String appId;

	private final @Nullable String partitionKey;

	private final @Nullable StateSaver saver;

	private final @Nullable AsyncSaves asyncSaves;

	private final Hooks hooks;

	private final Position position;

	/** The state this runner last saved, which the next step's change is relative to; {@code null}: none. */
	private @Nullable State lastSaved;

	/**
	 * @param asyncSaves where steps are queued ({@code Durability.ASYNC}), or {@code null} to save each through
	 * {@code saver} before the step returns
	 */
	StepRunner(Graph graph, String appId, @Nullable String partitionKey, @Nullable StateSaver saver,
			@Nullable AsyncSaves asyncSaves, Hooks hooks, Position position) {
		this.graph = graph;
		this.appId = appId;
		this.partitionKey = partitionKey;
		this.saver = saver;
		this.asyncSaves = asyncSaves;
		this.hooks = hooks;
		this.position = position;
	}

	/**
	 * Runs {@code actionName} as the step after {@code sequenceId} ({@code null}: none yet) on {@code current}.
	 * @throws RuntimeException what the action threw, after its failure was saved
	 */
	StepResult run(String actionName, Map<String, ? extends @Nullable Object> givenInputs, State current,
			@Nullable Long sequenceId) {
		Action action = this.graph.action(actionName);
		Map<String, @Nullable Object> inputs = actionInputs(actionName, action, givenInputs);
		if (this.asyncSaves != null) {
			this.asyncSaves.check(this.partitionKey, this.appId);
		}
		long stepId = (sequenceId == null) ? 0 : sequenceId + 1;
		State before = current.update(State.SEQUENCE_ID_KEY, stepId);
		this.hooks.stepStarted(new StepStarted(this.appId, this.partitionKey, stepId, actionName, action, before,
				inputs));
		StepTracer tracer = new StepTracer(this.hooks, this.appId, this.partitionKey, actionName, stepId);
		State saved = continued(current);
		Map<String, @Nullable Object> result;
		State completed;
		StateChange change;
		try {
			ActionContext.set(new ActionContext(this.appId, this.partitionKey, stepId, actionName, tracer));
			try {
				result = runAction(action, before, inputs);
				Completion completion = (action instanceof FunctionAction function)
						? complete(actionName, before, before, function.runAndUpdate(before, inputs), before.keys(),
								stepId)
						: update(actionName, action, result, before, stepId);
				completed = completion.state();
				change = (saved != null) ? StepChanges.since(saved, current, completion.change()) : StateChange.unknown();
			}
			finally {
				ActionContext.set(null);
				tracer.closeAll();
			}
		}
		catch (RuntimeException | Error failure) {
			fail(actionName, action, stepId, before, current, saved, failure);
			throw failure;
		}
		try {
			save(stepId, actionName, completed, Status.COMPLETED, change);
		}
		catch (BurrPersistenceException saveFailure) {
			this.hooks.stepFinished(new StepFinished(this.appId, this.partitionKey, stepId, actionName, action, before,
					null, saveFailure));
			throw saveFailure;
		}
		this.position.moveTo(completed, stepId);
		this.hooks.stepFinished(new StepFinished(this.appId, this.partitionKey, stepId, actionName, action, completed,
				result, null));
		return new StepResult(actionName, stepId, result, completed);
	}

	private static Map<String, @Nullable Object> runAction(Action action, State state,
			Map<String, @Nullable Object> inputs) {
		if (action instanceof FunctionAction) {
			return Collections.emptyMap();
		}
		Map<String, @Nullable Object> result = action.run(state, inputs);
		return (result != null) ? Collections.unmodifiableMap(new LinkedHashMap<>(result)) : Collections.emptyMap();
	}

	private static Completion update(String actionName, Action action, Map<String, @Nullable Object> result,
			State before, long stepId) {
		State writable = before.subset(action.writes(), true);
		State updated = action.update(result, writable);
		if (updated == null) {
			throw new IllegalStateException("Action " + actionName + " returned null from update()");
		}
		List<String> undeclared = new ArrayList<>();
		for (String key : updated.keys()) {
			if (!writable.containsKey(key) && !action.writes().contains(key) && !key.startsWith("__")) {
				undeclared.add(key);
			}
		}
		if (!undeclared.isEmpty()) {
			throw new IllegalStateException("Action " + actionName + " attempted to write to keys " + undeclared
					+ " that it did not declare. It declared: " + action.writes() + "!");
		}
		return complete(actionName, before, writable, updated, writable.keys(), stepId);
	}

	private static Completion complete(String actionName, State before, State base, State written,
			Collection<String> visible, long stepId) {
		State completed = StateUpdates.complete(before, written, visible, actionName, stepId);
		return new Completion(completed, StepChanges.completed(before, base, written, completed, visible));
	}

	private void fail(String actionName, Action action, long stepId, State before, State current,
			@Nullable State saved, Throwable failure) {
		try {
			save(stepId, actionName, before, Status.FAILED,
					(saved != null) ? StepChanges.since(saved, current, StepChanges.failed(before)) : StateChange.unknown());
			this.position.moveTo(before, stepId);
		}
		catch (BurrPersistenceException saveFailure) {
			failure.addSuppressed(saveFailure);
		}
		this.hooks.stepFinished(new StepFinished(this.appId, this.partitionKey, stepId, actionName, action, before,
				null, failure));
	}

	/**
	 * The state stored before this step that {@code current} continues: the one this runner last saved or
	 * continued from, when {@code current} is it or was made from it by operations alone; {@code null} otherwise.
	 */
	private @Nullable State continued(State current) {
		State saved = this.lastSaved;
		return (saved != null && (current == saved || current.operationsSince(saved) != null)) ? saved : null;
	}

	/** The state stored at the sequence id the application starts after, which it was loaded with. */
	void continueFrom(State stored) {
		this.lastSaved = stored;
	}

	private void save(long stepId, String actionName, State stepState, Status status, StateChange change) {
		if (this.saver == null) {
			return;
		}
		this.lastSaved = null;
		try {
			if (this.asyncSaves != null) {
				this.asyncSaves.enqueue(new StepSave(this.partitionKey, this.appId, stepId, actionName, stepState,
						status, change));
			}
			else {
				this.saver.save(this.partitionKey, this.appId, stepId, actionName, stepState, status, change);
			}
			this.lastSaved = stepState;
		}
		catch (BurrPersistenceException ex) {
			throw ex;
		}
		catch (RuntimeException ex) {
			throw new BurrPersistenceException("Could not save step " + stepId + " (action '" + actionName + "', "
					+ status.storedValue() + ") of app '" + this.appId + "' (partition key '"
					+ PartitionKeys.normalize(this.partitionKey) + "'): " + ex.getMessage(), ex);
		}
	}

	private static Map<String, @Nullable Object> actionInputs(String actionName, Action action,
			Map<String, ? extends @Nullable Object> given) {
		for (String name : given.keySet()) {
			if (name.startsWith("__")) {
				throw new IllegalArgumentException("Input \"" + name + "\" starts with a double underscore. Names "
						+ "starting with __ are reserved for Burr's internal use.");
			}
		}
		List<String> missing = action.inputs().stream().filter(name -> !given.containsKey(name)).toList();
		if (!missing.isEmpty()) {
			throw new IllegalArgumentException("Inputs to action `" + actionName + "` are invalid. Missing the "
					+ "following required inputs: " + missing + ". Given inputs: " + given.keySet());
		}
		Map<String, @Nullable Object> inputs = new LinkedHashMap<>();
		for (String name : action.inputs()) {
			inputs.put(name, given.get(name));
		}
		for (String name : action.optionalInputs()) {
			if (given.containsKey(name)) {
				inputs.put(name, given.get(name));
			}
		}
		return Collections.unmodifiableMap(inputs);
	}

	/** A completed step's state and what it changed. */
	private record Completion(State state, StateChange change) {
	}

	/** Where the application stands: the state and sequence id of the step storage last took. */
	interface Position {

		void moveTo(State state, long sequenceId);

	}

}
