package dev.burr.core;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import dev.burr.core.lifecycle.ApplicationCreated;
import dev.burr.core.lifecycle.LifecycleHook;
import dev.burr.core.lifecycle.Tracker;
import dev.burr.persistence.Durability;
import dev.burr.persistence.StateLoader;
import dev.burr.persistence.StateSaver;
import dev.burr.persistence.write.WriteBehind;
import org.jspecify.annotations.Nullable;

/**
 * Builds an {@link Application}: its actions and transitions, where its state comes from (given, or loaded
 * with {@link #initializeFrom}), where its steps are saved, its identifiers and hooks. Not thread-safe; build
 * one application per builder.
 */
public final class ApplicationBuilder {

	private final Map<String, Action> actions = new LinkedHashMap<>();

	private final List<Transition> transitions = new ArrayList<>();

	private final List<LifecycleHook> hooks = new ArrayList<>();

	private @Nullable State state;

	private @Nullable String entrypoint;

	private @Nullable Initializer initializer;

	private Initializer.@Nullable Fork fork;

	private @Nullable StateSaver saver;

	private Durability durability = Durability.SYNC;

	private @Nullable String appId;

	private @Nullable String partitionKey;

	private @Nullable Long sequenceId;

	private @Nullable ParentPointer spawningParent;

	private ApplicationBuilder() {
	}

	/** A new, empty builder. */
	public static ApplicationBuilder create() {
		return new ApplicationBuilder();
	}

	/**
	 * Adds an action; actions keep their registration order.
	 * @throws IllegalArgumentException when the name is blank or already used
	 */
	public ApplicationBuilder withAction(String name, Action action) {
		if (name == null || name.isBlank()) {
			throw new IllegalArgumentException("Action names must not be blank");
		}
		Objects.requireNonNull(action, () -> "Action `" + name + "` must not be null");
		if (this.actions.containsKey(name)) {
			throw new IllegalArgumentException("An action named `" + name + "` is already registered");
		}
		this.actions.put(name, action);
		return this;
	}

	/** Adds actions in the map's iteration order (use a {@code LinkedHashMap} to choose it). */
	public ApplicationBuilder withActions(Map<String, ? extends Action> actions) {
		actions.forEach(this::withAction);
		return this;
	}

	/** Adds transitions; those out of one action are tried in the order given. */
	public ApplicationBuilder withTransitions(Transition... transitions) {
		for (Transition transition : transitions) {
			this.transitions.add(Objects.requireNonNull(transition, "transition"));
		}
		return this;
	}

	/** Sets the initial state; not together with {@link #initializeFrom}. */
	public ApplicationBuilder withState(Map<String, ? extends @Nullable Object> state) {
		return withState(State.of(state));
	}

	/** Sets the initial state; not together with {@link #initializeFrom}. */
	public ApplicationBuilder withState(State state) {
		if (this.initializer != null) {
			throw new IllegalStateException("You cannot set state if you are loading state with the "
					+ ".initializeFrom() API. Either allow the persister to set the state, or set the state manually.");
		}
		this.state = Objects.requireNonNull(state, "state");
		return this;
	}

	/** Sets the action the application starts with; not together with {@link #initializeFrom}. */
	public ApplicationBuilder withEntrypoint(String action) {
		if (this.initializer != null) {
			throw new IllegalStateException("You cannot set the entrypoint if you are loading a persister using the "
					+ ".initializeFrom() API. Either allow the persister to set the entrypoint/provide a default, or "
					+ "set the entrypoint + state manually.");
		}
		if (this.entrypoint != null) {
			throw new IllegalStateException(
					"The entrypoint is already set to `" + this.entrypoint + "`; call withEntrypoint once");
		}
		this.entrypoint = Objects.requireNonNull(action, "entrypoint");
		return this;
	}

	/**
	 * Loads the state at build time from {@code loader}. When nothing is stored, the application starts from
	 * {@code defaultState} at {@code defaultEntrypoint}. When a step is found: with {@code resumeAtNextAction}
	 * it continues after that step (or re-runs it if it failed); without, it starts at
	 * {@code defaultEntrypoint} with the loaded state.
	 */
	public ApplicationBuilder initializeFrom(StateLoader loader, boolean resumeAtNextAction,
			Map<String, ? extends @Nullable Object> defaultState, String defaultEntrypoint) {
		Objects.requireNonNull(loader, "loader");
		return initialize(loader, resumeAtNextAction, defaultState, defaultEntrypoint);
	}

	/**
	 * As {@link #initializeFrom(StateLoader, boolean, Map, String)}, loading through the persister given to
	 * {@link #withStatePersister} (which must also be a {@link StateLoader}).
	 */
	public ApplicationBuilder initializeFrom(boolean resumeAtNextAction, Map<String, ? extends @Nullable Object> defaultState,
			String defaultEntrypoint) {
		return initialize(null, resumeAtNextAction, defaultState, defaultEntrypoint);
	}

	private ApplicationBuilder initialize(@Nullable StateLoader loader, boolean resumeAtNextAction,
			Map<String, ? extends @Nullable Object> defaultState, String defaultEntrypoint) {
		if (this.state != null || this.entrypoint != null) {
			throw new IllegalStateException("Cannot call initializeFrom if you have already set state or an "
					+ "entrypoint! You can either use the initializer *or* set the state and entrypoint manually.");
		}
		Objects.requireNonNull(defaultState, "defaultState");
		Objects.requireNonNull(defaultEntrypoint, "defaultEntrypoint");
		this.initializer = new Initializer(loader, resumeAtNextAction, defaultState, defaultEntrypoint);
		this.entrypoint = defaultEntrypoint;
		return this;
	}

	/**
	 * Starts the application from a step of another one, loaded with the {@link #initializeFrom} loader; steps
	 * are saved under this builder's identifiers, continuing the parent's sequence ids. Once this application has
	 * stored steps of its own, a rebuild resumes them instead of forking again.
	 * @param appId the parent application id (required, and different from this application's)
	 * @param partitionKey the parent's partition key; {@code null} means this builder's partition key
	 * @param sequenceId the parent's step; {@code null} means its latest
	 */
	public ApplicationBuilder forkFrom(String appId, @Nullable String partitionKey, @Nullable Long sequenceId) {
		if (appId == null) {
			throw new IllegalArgumentException("If you set the fork partition key or sequence id, you must also set "
					+ "the fork app id: forkFrom(appId, partitionKey, sequenceId)");
		}
		this.fork = new Initializer.Fork(appId, partitionKey, sequenceId);
		return this;
	}

	/**
	 * Saves every step through {@code saver}; when it is also a {@link StateLoader}, it is the default loader
	 * of {@link #initializeFrom(boolean, Map, String)}.
	 */
	public ApplicationBuilder withStatePersister(StateSaver saver) {
		this.saver = Objects.requireNonNull(saver, "saver");
		return this;
	}

	/**
	 * When a step's save must be stored before the step returns: {@link Durability#SYNC} (the default) or
	 * {@link Durability#ASYNC}, which queues it in the persister's {@link StateSaver#writeBehind()} queue.
	 */
	public ApplicationBuilder withDurability(Durability durability) {
		this.durability = Objects.requireNonNull(durability, "durability");
		return this;
	}

	/** Sets the application id (default: a random UUID) and partition key; {@code null}s leave them unchanged. */
	public ApplicationBuilder withIdentifiers(@Nullable String appId, @Nullable String partitionKey) {
		return withIdentifiers(appId, partitionKey, null);
	}

	/**
	 * Sets identifiers; {@code null}s leave them unchanged. With a sequence id and no loader, the first step is
	 * {@code sequenceId + 1}; with a loader, that exact step of this application is loaded.
	 */
	public ApplicationBuilder withIdentifiers(@Nullable String appId, @Nullable String partitionKey,
			@Nullable Long sequenceId) {
		if (appId != null) {
			if (appId.isBlank()) {
				throw new IllegalArgumentException("App id must not be blank");
			}
			this.appId = appId;
		}
		if (partitionKey != null) {
			this.partitionKey = partitionKey;
		}
		if (sequenceId != null) {
			if (sequenceId < 0) {
				throw new IllegalArgumentException("Sequence id must be 0 or more, but was " + sequenceId);
			}
			this.sequenceId = sequenceId;
		}
		return this;
	}

	/** Records that this application was spawned inside step {@code sequenceId} of another (trackers show it). */
	public ApplicationBuilder withSpawningParent(String appId, @Nullable Long sequenceId,
			@Nullable String partitionKey) {
		this.spawningParent = new ParentPointer(Objects.requireNonNull(appId, "appId"), partitionKey, sequenceId);
		return this;
	}

	/** Adds a tracker; it receives every lifecycle event, after hooks registered before it. */
	public ApplicationBuilder withTracker(Tracker tracker) {
		this.hooks.add(Objects.requireNonNull(tracker, "tracker"));
		return this;
	}

	/** Adds lifecycle hooks, called in registration order. */
	public ApplicationBuilder withHooks(LifecycleHook... hooks) {
		for (LifecycleHook hook : hooks) {
			this.hooks.add(Objects.requireNonNull(hook, "hook"));
		}
		return this;
	}

	/**
	 * Validates everything, loads the state if {@link #initializeFrom} was called, and creates the application.
	 * @throws IllegalArgumentException or IllegalStateException naming what is wrong
	 */
	public Application build() {
		String id = (this.appId != null) ? this.appId : UUID.randomUUID().toString();
		Graph graph = new Graph(this.actions, this.transitions);
		if (this.saver != null && !this.saver.isInitialized()) {
			throw new IllegalStateException("Uninitialized persister " + this.saver.getClass().getName()
					+ ". Make sure to call .initialize() before passing it to the ApplicationBuilder.");
		}
		AsyncSaves asyncSaves = asyncSaves();
		if (this.fork != null && this.initializer == null) {
			throw new IllegalStateException("forkFrom(...) needs initializeFrom(...): it says what to load the "
					+ "parent with and the defaults to use when the parent is not found");
		}
		Start start = (this.initializer != null)
				? this.initializer.load(this.saver, id, this.partitionKey, this.sequenceId, this.fork, graph)
				: new Start((this.state != null) ? this.state : State.empty(), this.entrypoint, this.sequenceId, null,
						null);
		String entrypoint = start.entrypointIn(graph);
		Hooks lifecycle = new Hooks(this.hooks);
		Application application = new Application(graph, start.state(), id, this.partitionKey, start.sequenceId(),
				entrypoint, this.saver, asyncSaves, lifecycle, start.parentPointer(), this.spawningParent);
		if (start.stored() != null) {
			application.continuesStored(start.stored());
		}
		lifecycle.applicationCreated(new ApplicationCreated(id, this.partitionKey, application.state(), graph,
				entrypoint, start.parentPointer(), this.spawningParent));
		return application;
	}

	/** The write-behind queue of an {@link Durability#ASYNC} application, its failure mark taken before it loads. */
	private @Nullable AsyncSaves asyncSaves() {
		if (this.durability == Durability.SYNC) {
			return null;
		}
		if (this.saver == null) {
			throw new IllegalStateException("withDurability(ASYNC) needs a persister to queue the steps in: call "
					+ "withStatePersister(...)");
		}
		WriteBehind queue = this.saver.writeBehind();
		if (queue == null) {
			throw new IllegalStateException("withDurability(ASYNC) needs a persister with a write-behind queue, but "
					+ this.saver.getClass().getName() + " has none (its writeBehind() returns null): use "
					+ "Durability.SYNC, or a persister that queues (JdbcStatePersister, RedisStatePersister, "
					+ "InMemoryStatePersister)");
		}
		return AsyncSaves.startingNow(queue);
	}

}
