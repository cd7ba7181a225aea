package dev.burr.tracking;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import dev.burr.core.lifecycle.ApplicationCreated;
import dev.burr.core.lifecycle.AttributesLogged;
import dev.burr.core.lifecycle.SpanEnded;
import dev.burr.core.lifecycle.SpanStarted;
import dev.burr.core.lifecycle.StepFinished;
import dev.burr.core.lifecycle.StepStarted;
import dev.burr.core.lifecycle.Tracker;
import dev.burr.persistence.BurrPersistenceException;
import dev.burr.persistence.PersistedState;
import dev.burr.persistence.StateLoader;
import dev.burr.persistence.Status;
import dev.burr.serde.StateSerde;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * Burr's local tracking client: writes every application's run where Burr's UI reads it, and loads state back
 * from those files, so it serves as the loader of {@code initializeFrom} as well as the tracker.
 * <p>
 * Layout (Burr's): {@code {storageDir}/{project}/{appId}/} holds {@code graph.json} and {@code metadata.json}
 * (written once, when the application is first built), {@code log.jsonl} (one line per event:
 * {@code begin_entry}/{@code end_entry} around every step, {@code begin_span}/{@code end_span}/{@code attribute}
 * from the action's tracer) and, for a parent, {@code children.jsonl} (one line per fork or spawned child).
 * <p>
 * Unlike Burr's client:
 * <ul>
 * <li>each application's lines go to its own {@code log.jsonl}, however many applications share this client;
 * every line is appended whole, in one buffer, to a file opened in append mode per line, under a per-file lock
 * in this JVM and an exclusive file lock across processes, so threads and processes may write concurrently; no
 * file handle is kept open or shared;</li>
 * <li>the reader ignores a truncated last line, and a writer finding one starts a new line first;</li>
 * <li>the partition key is recorded in {@code metadata.json} and honoured: {@link #load} returns nothing for an
 * application stored under another partition key ({@code null} and {@code ""} are the same key), and
 * {@link #listAppIds} lists the applications of one partition, most recently written first. The directory is
 * still keyed by application id alone, as the UI expects: one application id used in two partitions shares a
 * directory, and only the partition of its {@code metadata.json} can load it;</li>
 * <li>latest means the highest sequence id, as in every other store; a missing sequence id loads as empty
 * (Burr raises), which is what the builder expects;</li>
 * <li>no {@code end_span} line is written for the step's own root span ({@code "{seq}:0"}), which some Burr
 * versions write without a matching {@code begin_span}: the UI needs none, and Burr's counter demo has none.</li>
 * </ul>
 * Durability: a line is in the operating system once the hook returns, so a killed JVM loses at most the line it
 * was writing. Files are not {@code fsync}ed unless {@link Builder#fsync(boolean)} is set, in which case every
 * {@code end_entry} line is forced to disk before the step goes on (a machine crash then loses no completed
 * step). Values the serde cannot serialize never fail a step: see {@link #postRunStep}. Thread-safe.
 */
public final class LocalTrackingClient implements Tracker, StateLoader {

	private final String project;

	private final Path storageDir;

	private final StateSerde serde;

	private final boolean fsync;

	private final Clock clock;

	private final TrackerLayout layout;

	private final TrackerWriter writer;

	private final TrackerLoader loader;

	/** A client writing under {@code ~/.burr}, with the default serde. */
	public LocalTrackingClient(String project) {
		this(builder(project));
	}

	/** A client writing under {@code storageDir}, with the default serde. */
	public LocalTrackingClient(String project, Path storageDir) {
		this(builder(project).storageDir(storageDir));
	}

	/** A client writing under {@code storageDir}, serializing state, inputs and results with {@code serde}. */
	public LocalTrackingClient(String project, Path storageDir, StateSerde serde) {
		this(builder(project).storageDir(storageDir).serde(serde));
	}

	private LocalTrackingClient(Builder builder) {
		this.project = ProjectNames.check(builder.project);
		this.storageDir = builder.storageDir;
		this.serde = builder.serde;
		this.fsync = builder.fsync;
		this.clock = builder.clock;
		this.layout = new TrackerLayout(this.storageDir, this.project);
		JsonMapper mapper = JsonMapper.builder().build();
		LogReader reader = new LogReader(mapper);
		this.writer = new TrackerWriter(this.layout, new Records(this.serde), new BurrTimes(this.clock), mapper,
				reader, this.fsync);
		this.loader = new TrackerLoader(this.layout, reader, this.serde, this.clock.getZone());
	}

	/**
	 * A builder for a client of {@code project}.
	 * @throws IllegalArgumentException with Burr's message when the name is not {@code ^[a-zA-Z0-9_\-:]+$}
	 */
	public static Builder builder(String project) {
		return new Builder(ProjectNames.check(project));
	}

	/** A new client with the same project, storage directory, serde and options (Burr's {@code copy()}). */
	public LocalTrackingClient copy() {
		return new Builder(this.project).storageDir(this.storageDir).serde(this.serde).fsync(this.fsync)
			.clock(this.clock).build();
	}

	/** Project name: the directory under the storage directory. */
	public String project() {
		return this.project;
	}

	/** Root directory (Burr's {@code storage_dir}, the UI's {@code BURR_PATH}). */
	public Path storageDir() {
		return this.storageDir;
	}

	/** The serde for state, inputs and results. */
	public StateSerde serde() {
		return this.serde;
	}

	/** The directory of application {@code appId}. */
	public Path appDirectory(String appId) {
		return this.layout.appDirectory(appId);
	}

	/**
	 * Creates the application's directory and {@code log.jsonl}; writes {@code graph.json} and
	 * {@code metadata.json} unless present (a rebuilt application keeps its first ones, as in Burr) and, when
	 * {@code metadata.json} is new, a {@code fork} or {@code spawn_start} line in each parent's
	 * {@code children.jsonl} (creating the parent's directory and an empty {@code log.jsonl} when missing, so the
	 * UI can still list the project).
	 */
	@Override
	public void postApplicationCreate(ApplicationCreated event) {
		this.writer.applicationCreated(event);
	}

	/** Appends a {@code begin_entry} with the action's inputs. */
	@Override
	public void preRunStep(StepStarted event) {
		this.writer.stepStarted(event);
	}

	/**
	 * Appends an {@code end_entry}: the state after the step (or before it, with the stack trace, when it
	 * failed) and the result. An input, result or attribute value the serde cannot serialize is written as the
	 * text {@code "<unserializable TYPE>"}; a state key likewise, and the line then names it in an extra
	 * {@code unserializable_keys} field, so the UI still shows the step while {@link #load} of that step fails
	 * loudly instead of returning a wrong state.
	 */
	@Override
	public void postRunStep(StepFinished event) {
		this.writer.stepFinished(event);
	}

	/** Appends a {@code begin_span}. */
	@Override
	public void spanStarted(SpanStarted event) {
		this.writer.spanStarted(event);
	}

	/** Appends an {@code end_span}. */
	@Override
	public void spanEnded(SpanEnded event) {
		this.writer.spanEnded(event);
	}

	/** Appends one {@code attribute} line per attribute. */
	@Override
	public void attributesLogged(AttributesLogged event) {
		this.writer.attributesLogged(event);
	}

	/**
	 * Loads a step as Burr's client does: the state of that step's {@code end_entry} without its {@code __} keys
	 * and with {@code __SEQUENCE_ID} set, the action as position, {@link Status#FAILED} when the entry carries an
	 * exception, and {@code end_time} as creation time.
	 * @param sequenceId the step, or {@code null} for the highest sequence id logged
	 * @return empty when the application has no log, was stored under another partition key, or has no
	 * {@code end_entry} for that step
	 * @throws BurrPersistenceException when the entry does not hold a state object, or its state was logged with
	 * values the serde could not serialize
	 */
	@Override
	public Optional<PersistedState> load(@Nullable String partitionKey, String appId, @Nullable Long sequenceId) {
		return this.loader.load(partitionKey, appId, sequenceId);
	}

	/**
	 * The applications of this project whose {@code metadata.json} has this partition key ({@code null} and
	 * {@code ""} alike; a missing file counts as no key) and which have a {@code log.jsonl}, most recently
	 * written log first.
	 */
	@Override
	public List<String> listAppIds(@Nullable String partitionKey) {
		return this.loader.listAppIds(partitionKey);
	}

	/** Options of a {@link LocalTrackingClient}. */
	public static final class Builder {

		private final String project;

		private Path storageDir = Path.of(System.getProperty("user.home"), ".burr");

		private StateSerde serde = StateSerde.defaults();

		private boolean fsync;

		private Clock clock = Clock.systemDefaultZone();

		private Builder(String project) {
			this.project = project;
		}

		/** Root directory; default {@code ~/.burr}, where Burr's UI looks. */
		public Builder storageDir(Path storageDir) {
			this.storageDir = Objects.requireNonNull(storageDir, "storageDir");
			return this;
		}

		/** Serde for state, inputs, results and attributes; default {@link StateSerde#defaults()}. */
		public Builder serde(StateSerde serde) {
			this.serde = Objects.requireNonNull(serde, "serde");
			return this;
		}

		/**
		 * Whether to {@code fsync} after every {@code end_entry} and {@code children.jsonl} line and the JSON
		 * files (default {@code false}: a killed JVM loses nothing written, a machine crash may lose the last
		 * steps).
		 */
		public Builder fsync(boolean fsync) {
			this.fsync = fsync;
			return this;
		}

		/** Clock and zone for timestamps; naive times are written and read in its zone. */
		public Builder clock(Clock clock) {
			this.clock = Objects.requireNonNull(clock, "clock");
			return this;
		}

		/** The client. */
		public LocalTrackingClient build() {
			return new LocalTrackingClient(this);
		}

	}

}
