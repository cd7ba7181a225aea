package dev.burr.core;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import dev.burr.persistence.PersistedState;
import dev.burr.persistence.StateLoader;
import dev.burr.persistence.StateSaver;
import dev.burr.persistence.Status;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * What {@link ApplicationBuilder#initializeFrom} asked for, and the load it makes at build time: this
 * application's stored step (or, when forking, the parent's) becomes the {@link Start}, resuming after a
 * completed step, re-running a failed one or starting over at the default entrypoint; with nothing stored, the
 * defaults.
 */
final class Initializer {

	// logged under the builder's name: the warning is about its forkFrom(...)
	private static final Log logger = LogFactory.getLog(ApplicationBuilder.class);

	private final @Nullable StateLoader loader;

	private final boolean resumeAtNextAction;

	private final Map<String, @Nullable Object> defaultState;

	private final String defaultEntrypoint;

	/**
	 * @param loader where to load from; {@code null} means the persister given to the builder
	 */
	Initializer(@Nullable StateLoader loader, boolean resumeAtNextAction,
			Map<String, ? extends @Nullable Object> defaultState, String defaultEntrypoint) {
		this.loader = loader;
		this.resumeAtNextAction = resumeAtNextAction;
		this.defaultState = new LinkedHashMap<>(defaultState);
		this.defaultEntrypoint = defaultEntrypoint;
	}

	/**
	 * Loads the start of application {@code appId}.
	 * @param sequenceId the step of this application to load; {@code null} means its latest
	 * @param fork the application to fork from, {@code null} when not forking
	 */
	Start load(@Nullable StateSaver saver, String appId, @Nullable String partitionKey, @Nullable Long sequenceId,
			@Nullable Fork fork, Graph graph) {
		StateLoader source = this.loader;
		if (source == null) {
			if (!(saver instanceof StateLoader persister)) {
				throw new IllegalStateException("initializeFrom(resume, defaults, entrypoint) loads through the "
						+ "persister, but withStatePersister(...) was not given one that can load. Pass a loader: "
						+ "initializeFrom(loader, resume, defaults, entrypoint)");
			}
			source = persister;
		}
		if (fork != null && fork.appId().equals(appId)) {
			throw new IllegalStateException("Cannot fork and save to the same app id `" + appId + "`. Please set "
					+ "another app id with withIdentifiers(...), or don't call forkFrom(...).");
		}
		boolean forking = fork != null
				&& source.load(partitionKey, appId, null).filter(own -> own.appId().equals(appId)).isEmpty();
		String loadPartitionKey = forking
				? ((fork.partitionKey() != null) ? fork.partitionKey() : partitionKey) : partitionKey;
		String loadAppId = forking ? fork.appId() : appId;
		Long loadSequenceId = forking ? fork.sequenceId() : sequenceId;
		Optional<PersistedState> loaded = source.load(loadPartitionKey, loadAppId, loadSequenceId);
		if (loaded.isEmpty()) {
			if (forking) {
				logger.warn(source.getClass().getName() + " returned nothing while trying to fork from: partition "
						+ "key:" + loadPartitionKey + ", app id:" + loadAppId + ", sequence id:" + loadSequenceId
						+ ". You explicitly requested to fork from a prior application run, but it does not exist. "
						+ "Defaulting to state defaults instead.");
			}
			return new Start(State.of(this.defaultState), this.defaultEntrypoint, null, null, null);
		}
		PersistedState record = loaded.get();
		State loadedState = record.state();
		String start = this.defaultEntrypoint;
		if (this.resumeAtNextAction) {
			if (!graph.hasAction(record.position())) {
				throw new IllegalStateException("Cannot resume app `" + loadAppId + "`: its stored step "
						+ record.sequenceId() + " ran action `" + record.position() + "`, which this application "
						+ "does not have. Known actions: " + graph.actions().keySet());
			}
			if (record.status() == Status.COMPLETED) {
				loadedState = loadedState.update(State.PRIOR_STEP_KEY, record.position());
			}
			else {
				start = record.position();
				loadedState = loadedState.wipe(State.PRIOR_STEP_KEY);
			}
		}
		else {
			loadedState = loadedState.wipe(State.PRIOR_STEP_KEY);
		}
		ParentPointer parent = forking ? new ParentPointer(loadAppId, loadPartitionKey, record.sequenceId()) : null;
		State stored = (!forking && source == saver) ? record.state() : null;
		return new Start(loadedState, start, record.sequenceId(), parent, stored);
	}

	/**
	 * The step {@link ApplicationBuilder#forkFrom} names.
	 * @param partitionKey {@code null} means the forking application's partition key
	 * @param sequenceId {@code null} means the parent's latest step
	 */
	record Fork(String appId, @Nullable String partitionKey, @Nullable Long sequenceId) {
	}

}
