package dev.burr.core;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import dev.burr.persistence.BurrPersistenceException;
import dev.burr.persistence.StateSaver;
import org.jspecify.annotations.Nullable;

/**
 * A running state machine, built by {@link ApplicationBuilder}. Each step runs the next action, saves the step
 * through the persister and only then moves the application on: when the save fails, the application stays
 * where storage is. With {@link dev.burr.persistence.Durability#ASYNC} "saves" means "queues": storage catches up
 * behind the application, {@link #flush()} waits for it, and a queued step that could not be stored stops the
 * application at its next step. Methods are thread-safe; steps of one application run one at a time.
 */
public final class Application {

	private final Graph graph;

	private final String appId;

	private final @Nullable String partitionKey;

	private final String entrypoint;

	private final @Nullable ParentPointer parentPointer;

	private final @Nullable ParentPointer spawningParentPointer;

	private State state;

	private @Nullable Long sequenceId;

	private final StepRunner runner;

	private final @Nullable AsyncSaves asyncSaves;

	Application(Graph graph, State state, String appId, @Nullable String partitionKey, @Nullable Long sequenceId,
			String entrypoint, @Nullable StateSaver saver, @Nullable AsyncSaves asyncSaves, Hooks hooks,
			@Nullable ParentPointer parentPointer, @Nullable ParentPointer spawningParentPointer) {
		this.graph = graph;
		this.appId = appId;
		this.partitionKey = partitionKey;
		this.entrypoint = entrypoint;
		this.parentPointer = parentPointer;
		this.spawningParentPointer = spawningParentPointer;
		this.sequenceId = sequenceId;
		this.state = (sequenceId != null) ? state.update(State.SEQUENCE_ID_KEY, sequenceId) : state;
		this.asyncSaves = asyncSaves;
		this.runner = new StepRunner(graph, appId, partitionKey, saver, asyncSaves, hooks, this::moveTo);
	}

	/** The state it was loaded with is the one stored at its sequence id: its first step's change is known. */
	void continuesStored(State stored) {
		this.runner.continueFrom(stored);
	}

	/**
	 * Waits until the steps this application queued ({@link dev.burr.persistence.Durability#ASYNC}) are stored;
	 * returns at once for {@link dev.burr.persistence.Durability#SYNC}, whose steps are stored when they return.
	 * @throws BurrPersistenceException when one of its queued steps was not stored (the application cannot go on:
	 * build it again to resume from storage), or when they are not stored within the queue's timeout
	 */
	public synchronized void flush() {
		if (this.asyncSaves != null) {
			this.asyncSaves.flush(this.partitionKey, this.appId);
		}
	}

	/** Runs the next action with no inputs; see {@link #step(Map)}. */
	public Optional<StepResult> step() {
		return step(Map.of());
	}

	/**
	 * Runs the next action and saves the step.
	 * @param inputs inputs for the action; it receives those it declares, and its required ones must be here
	 * @return the step, or empty when no action is next (the application is finished)
	 * @throws IllegalArgumentException when a required input is missing or an input name starts with {@code __}
	 * @throws dev.burr.persistence.StateConflictException when another writer stored this step first
	 * @throws BurrPersistenceException when the step could not be saved; the application did not move
	 * @throws RuntimeException what the action threw, after its failure was saved
	 */
	public synchronized Optional<StepResult> step(Map<String, ? extends @Nullable Object> inputs) {
		Optional<String> next = nextAction();
		if (next.isEmpty()) {
			return Optional.empty();
		}
		return Optional.of(runStep(next.get(), inputs));
	}

	/**
	 * Steps until {@code halt} says stop or no action is next, passing {@code inputs} to every step.
	 * @return the last action run (or the action halted before) with its result and the state
	 */
	public synchronized RunResult run(Halt halt, Map<String, ? extends @Nullable Object> inputs) {
		RunResult last = new RunResult(null, null, this.state);
		Iterator<Object> steps = stepper(halt, inputs);
		while (steps.hasNext()) {
			Object outcome = steps.next();
			last = (outcome instanceof StepResult step) ? new RunResult(step.action(), step.result(), step.state())
					: new RunResult((String) outcome, null, this.state);
		}
		return last;
	}

	/** Steps until no action is next; see {@link #run(Halt, Map)}. */
	public RunResult run(Halt halt) {
		return run(halt, Map.of());
	}

	/**
	 * The steps {@link #run(Halt, Map)} would take, run lazily as the stream is consumed (one at a time, on the
	 * consuming thread).
	 */
	public Stream<StepResult> iterate(Halt halt, Map<String, ? extends @Nullable Object> inputs) {
		Iterator<Object> steps = stepper(halt, inputs);
		return StreamSupport.stream(Spliterators.spliteratorUnknownSize(steps, Spliterator.ORDERED), false)
			.filter(StepResult.class::isInstance)
			.map(StepResult.class::cast);
	}

	/** Each element is a {@link StepResult}, or the name of the action halted before (always last). */
	private Iterator<Object> stepper(Halt halt, Map<String, ? extends @Nullable Object> inputs) {
		for (String name : halt.afterActions()) {
			requireKnownHalt(name, "Halt.after");
		}
		for (String name : halt.beforeActions()) {
			requireKnownHalt(name, "Halt.before");
		}
		Map<String, @Nullable Object> givenInputs = new LinkedHashMap<>(inputs);
		return new Iterator<>() {

			private boolean done;

			private @Nullable Object pending;

			@Override
			public boolean hasNext() {
				if (this.pending == null && !this.done) {
					advance();
				}
				return this.pending != null;
			}

			private void advance() {
				synchronized (Application.this) {
					Optional<String> next = nextAction();
					if (next.isEmpty()) {
						this.done = true;
					}
					else if (halt.beforeActions().contains(next.get())) {
						this.done = true;
						this.pending = next.get();
					}
					else {
						StepResult step = runStep(next.get(), givenInputs);
						this.done = halt.afterActions().contains(step.action());
						this.pending = step;
					}
				}
			}

			@Override
			public Object next() {
				if (!hasNext()) {
					throw new NoSuchElementException();
				}
				Object outcome = this.pending;
				this.pending = null;
				return outcome;
			}

		};
	}

	private void requireKnownHalt(String name, String method) {
		if (!this.graph.hasAction(name)) {
			throw new IllegalArgumentException(method + "(\"" + name + "\") names an unknown action. Known actions: "
					+ this.graph.actions().keySet());
		}
	}

	private StepResult runStep(String actionName, Map<String, ? extends @Nullable Object> inputs) {
		return this.runner.run(actionName, inputs, this.state, this.sequenceId);
	}

	private void moveTo(State state, long sequenceId) {
		this.state = state;
		this.sequenceId = sequenceId;
	}

	/** The current state, {@code __SEQUENCE_ID} and {@code __PRIOR_STEP} included. */
	public synchronized State state() {
		return this.state;
	}

	/** Application id. */
	public String appId() {
		return this.appId;
	}

	/** Partition key, {@code null} when it has none. */
	public @Nullable String partitionKey() {
		return this.partitionKey;
	}

	/** Sequence id of the last step run or loaded; empty before the first step of a new application. */
	public synchronized OptionalLong sequenceId() {
		return (this.sequenceId != null) ? OptionalLong.of(this.sequenceId) : OptionalLong.empty();
	}

	/** The action the next step will run, empty when the application is finished. */
	public synchronized Optional<String> nextAction() {
		Object prior = this.state.getOrDefault(State.PRIOR_STEP_KEY, null);
		return this.graph.nextAction((prior != null) ? prior.toString() : null, this.state, this.entrypoint);
	}

	/** The application this one was forked from, with the sequence id actually loaded. */
	public Optional<ParentPointer> parentPointer() {
		return Optional.ofNullable(this.parentPointer);
	}

	/** The application that spawned this one, if any. */
	public Optional<ParentPointer> spawningParentPointer() {
		return Optional.ofNullable(this.spawningParentPointer);
	}

	/** The actions and transitions. */
	public Graph graph() {
		return this.graph;
	}

	/** Entrypoint the application starts from when no step completed. */
	public String entrypoint() {
		return this.entrypoint;
	}

}
