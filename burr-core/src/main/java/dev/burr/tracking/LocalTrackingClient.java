package dev.burr.tracking;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import dev.burr.core.ParentPointer;
import dev.burr.core.State;
import dev.burr.core.lifecycle.ApplicationCreated;
import dev.burr.core.lifecycle.AttributesLogged;
import dev.burr.core.lifecycle.SpanEnded;
import dev.burr.core.lifecycle.SpanStarted;
import dev.burr.core.lifecycle.StepFinished;
import dev.burr.core.lifecycle.StepStarted;
import dev.burr.core.lifecycle.Tracker;
import dev.burr.persistence.BurrPersistenceException;
import dev.burr.persistence.PartitionKeys;
import dev.burr.persistence.PersistedState;
import dev.burr.persistence.StateLoader;
import dev.burr.persistence.Status;
import dev.burr.serde.StateSerde;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
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

	private static final Log logger = LogFactory.getLog(LocalTrackingClient.class);

	static final String GRAPH = "graph.json";

	static final String METADATA = "metadata.json";

	static final String LOG = "log.jsonl";

	static final String CHILDREN = "children.jsonl";

	private final String project;

	private final Path storageDir;

	private final StateSerde serde;

	private final boolean fsync;

	private final Clock clock;

	private final JsonMapper mapper = JsonMapper.builder().build();

	private final Records records;

	private final BurrTimes times;

	private final LogReader reader;

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
		this.records = new Records(this.serde);
		this.times = new BurrTimes(this.clock);
		this.reader = new LogReader(this.mapper);
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
		return this.storageDir.resolve(this.project).resolve(checkAppId(appId));
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
		Path dir = appDirectory(event.appId());
		try {
			Files.createDirectories(dir);
			createIfMissing(dir.resolve(LOG));
			writeOnce(dir.resolve(GRAPH), Records.graph(event.graph(), event.entrypoint()));
			boolean newMetadata = writeOnce(dir.resolve(METADATA),
					Records.metadata(event.partitionKey(), event.parentPointer(), event.spawningParentPointer()));
			if (newMetadata) {
				linkChild(event.appId(), event.parentPointer(), "fork");
				linkChild(event.appId(), event.spawningParentPointer(), "spawn_start");
			}
			else {
				warnOnPartitionClash(dir, event);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not create tracker files in " + dir, ex);
		}
	}

	/** Appends a {@code begin_entry} with the action's inputs. */
	@Override
	public void preRunStep(StepStarted event) {
		append(event.appId(), this.records.beginEntry(this.times.localNow(), event.actionName(), event.inputs(),
				event.sequenceId()), false);
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
		append(event.appId(), this.records.endEntry(this.times.localNow(), event.actionName(), event.result(),
				event.exception(), event.state(), event.sequenceId()), this.fsync);
	}

	/** Appends a {@code begin_span}. */
	@Override
	public void spanStarted(SpanStarted event) {
		append(event.appId(), Records.beginSpan(this.times.localNow(), event.sequenceId(), event.spanId(),
				event.spanName(), event.parentSpanId()), false);
	}

	/** Appends an {@code end_span}. */
	@Override
	public void spanEnded(SpanEnded event) {
		append(event.appId(), Records.endSpan(this.times.localNow(), event.sequenceId(), event.spanId()), false);
	}

	/** Appends one {@code attribute} line per attribute. */
	@Override
	public void attributesLogged(AttributesLogged event) {
		String time = this.times.utcNow();
		event.attributes().forEach((key, value) -> append(event.appId(),
				this.records.attribute(key, event.sequenceId(), event.spanId(), value, time), false));
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
		Path dir = appDirectory(appId);
		if (!partitionKeyOf(dir).equals(PartitionKeys.normalize(partitionKey))) {
			return Optional.empty();
		}
		Map<String, @Nullable Object> chosen = null;
		long chosenSequenceId = -1;
		for (Map<String, @Nullable Object> entry : this.reader.endEntries(dir.resolve(LOG))) {
			if (!(entry.get("sequence_id") instanceof Number number)) {
				continue;
			}
			long id = number.longValue();
			boolean wanted = (sequenceId != null) ? id == sequenceId : id >= chosenSequenceId;
			if (wanted) {
				chosen = entry;
				chosenSequenceId = id;
			}
		}
		if (chosen == null) {
			return Optional.empty();
		}
		return Optional.of(toPersistedState(dir, PartitionKeys.normalize(partitionKey), appId, chosenSequenceId,
				chosen));
	}

	private PersistedState toPersistedState(Path dir, String partitionKey, String appId, long sequenceId,
			Map<String, @Nullable Object> entry) {
		String where = "step " + sequenceId + " of app '" + appId + "' in " + dir.resolve(LOG);
		if (!(entry.get("state") instanceof Map<?, ?> stored)) {
			throw new BurrPersistenceException("The end_entry of " + where + " has no state object");
		}
		if (entry.get(Records.UNSERIALIZABLE_KEYS) instanceof List<?> keys && !keys.isEmpty()) {
			throw new BurrPersistenceException("Cannot load " + where + ": its state keys " + keys + " could not "
					+ "be serialized when it was logged. Register codecs for them with StateSerde.builder().");
		}
		if (!(entry.get("action") instanceof String action)) {
			throw new BurrPersistenceException("The end_entry of " + where + " has no action name");
		}
		Map<String, @Nullable Object> values = new LinkedHashMap<>();
		stored.forEach((key, value) -> {
			if (!String.valueOf(key).startsWith("__")) {
				values.put(String.valueOf(key), value);
			}
		});
		values.put(State.SEQUENCE_ID_KEY, sequenceId);
		State state;
		try {
			state = this.serde.deserialize(values);
		}
		catch (RuntimeException ex) {
			throw new BurrPersistenceException("Cannot load " + where + ": " + ex.getMessage(), ex);
		}
		Instant createdAt = BurrTimes.parse(entry.get("end_time"), this.clock.getZone())
			.orElseGet(() -> lastModified(dir.resolve(LOG)));
		Status status = (entry.get("exception") != null) ? Status.FAILED : Status.COMPLETED;
		return new PersistedState(partitionKey, appId, sequenceId, action, state, createdAt, status);
	}

	/**
	 * The applications of this project whose {@code metadata.json} has this partition key ({@code null} and
	 * {@code ""} alike; a missing file counts as no key) and which have a {@code log.jsonl}, most recently
	 * written log first.
	 */
	@Override
	public List<String> listAppIds(@Nullable String partitionKey) {
		Path projectDir = this.storageDir.resolve(this.project);
		String wanted = PartitionKeys.normalize(partitionKey);
		record App(String id, Instant lastWritten) {
		}
		List<App> apps = new ArrayList<>();
		try (DirectoryStream<Path> dirs = Files.newDirectoryStream(projectDir, Files::isDirectory)) {
			for (Path dir : dirs) {
				String id = dir.getFileName().toString();
				Path log = dir.resolve(LOG);
				if (!id.startsWith(".") && Files.isRegularFile(log) && partitionKeyOf(dir).equals(wanted)) {
					apps.add(new App(id, lastModified(log)));
				}
			}
		}
		catch (NoSuchFileException ex) {
			return List.of();
		}
		catch (IOException ex) {
			throw new BurrPersistenceException("Cannot list applications in " + projectDir + ": " + ex.getMessage(),
					ex);
		}
		apps.sort(Comparator.comparing(App::lastWritten).reversed().thenComparing(App::id));
		return apps.stream().map(App::id).toList();
	}

	private String partitionKeyOf(Path dir) {
		Object key = this.reader.object(dir.resolve(METADATA)).map(metadata -> metadata.get("partition_key"))
			.orElse(null);
		return PartitionKeys.normalize((key != null) ? key.toString() : null);
	}

	private void warnOnPartitionClash(Path dir, ApplicationCreated event) {
		String stored = partitionKeyOf(dir);
		if (!stored.equals(PartitionKeys.normalize(event.partitionKey()))) {
			logger.warn("Tracker directory " + dir + " belongs to partition key '" + stored + "', but app '"
					+ event.appId() + "' was built with partition key '" + PartitionKeys.normalize(event.partitionKey())
					+ "': its steps are logged there too, and it cannot be loaded from them");
		}
	}

	private void linkChild(String childAppId, @Nullable ParentPointer parent, String eventType) {
		if (parent == null) {
			return;
		}
		Path parentDir = appDirectory(parent.appId());
		try {
			Files.createDirectories(parentDir);
			createIfMissing(parentDir.resolve(LOG));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not create " + parentDir, ex);
		}
		LineAppender.append(parentDir.resolve(CHILDREN), json(Records.child(childAppId, this.times.localNow(),
				eventType, parent.sequenceId())), this.fsync);
	}

	private void append(String appId, Map<String, @Nullable Object> record, boolean force) {
		Path dir = appDirectory(appId);
		if (!Files.isDirectory(dir)) {
			try {
				Files.createDirectories(dir);
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Could not create " + dir, ex);
			}
		}
		LineAppender.append(dir.resolve(LOG), json(record), force);
	}

	/** Writes {@code file} whole (temporary file, then rename) unless it exists; true when it wrote it. */
	private boolean writeOnce(Path file, Map<String, @Nullable Object> content) throws IOException {
		if (Files.exists(file)) {
			return false;
		}
		Path temp = Files.createTempFile(file.getParent(), "." + file.getFileName(), ".tmp");
		try {
			Files.write(temp, json(content));
			if (this.fsync) {
				try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
					channel.force(true);
				}
			}
			try {
				Files.createLink(file, temp);
			}
			catch (FileAlreadyExistsException ex) {
				return false;
			}
			catch (UnsupportedOperationException | IOException noLinks) {
				if (Files.exists(file)) {
					return false;
				}
				moveInPlace(temp, file);
			}
			return true;
		}
		finally {
			Files.deleteIfExists(temp);
		}
	}

	private static void moveInPlace(Path temp, Path file) throws IOException {
		try {
			Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
		}
		catch (AtomicMoveNotSupportedException ex) {
			Files.move(temp, file);
		}
	}

	private byte[] json(Map<String, @Nullable Object> record) {
		return this.mapper.writeValueAsBytes(record);
	}

	/** Burr's UI fails to list a project when one application directory has no {@code log.jsonl}. */
	private static void createIfMissing(Path log) throws IOException {
		if (!Files.exists(log)) {
			Files.newOutputStream(log, StandardOpenOption.CREATE, StandardOpenOption.APPEND).close();
		}
	}

	private static Instant lastModified(Path file) {
		try {
			return Files.getLastModifiedTime(file).toInstant();
		}
		catch (IOException ex) {
			return FileTime.fromMillis(0).toInstant();
		}
	}

	private static String checkAppId(String appId) {
		Objects.requireNonNull(appId, "appId");
		if (appId.isBlank() || appId.equals(".") || appId.equals("..") || appId.indexOf('/') >= 0
				|| appId.indexOf('\\') >= 0 || appId.indexOf('\0') >= 0) {
			throw new IllegalArgumentException("App id '" + appId + "' cannot be a tracker directory name: it must "
					+ "not be blank, '.', '..' or contain path separators");
		}
		return appId;
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
