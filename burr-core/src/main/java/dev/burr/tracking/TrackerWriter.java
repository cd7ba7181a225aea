package dev.burr.tracking;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;

import dev.burr.core.ParentPointer;
import dev.burr.core.lifecycle.ApplicationCreated;
import dev.burr.core.lifecycle.AttributesLogged;
import dev.burr.core.lifecycle.SpanEnded;
import dev.burr.core.lifecycle.SpanStarted;
import dev.burr.core.lifecycle.StepFinished;
import dev.burr.core.lifecycle.StepStarted;
import dev.burr.persistence.PartitionKeys;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes an application's run into the {@link TrackerLayout}: {@code graph.json} and {@code metadata.json}
 * once, with {@link AtomicFiles}, a {@code log.jsonl} line per step, span and attribute event and a
 * {@code children.jsonl} line in each parent, with the {@link LineAppender}, all in the {@link Records} shapes.
 */
final class TrackerWriter {

	/** The client's category, where users configure the tracker's logging. */
	private static final Log logger = LogFactory.getLog(LocalTrackingClient.class);

	private final TrackerLayout layout;

	private final Records records;

	private final BurrTimes times;

	private final JsonMapper mapper;

	private final LogReader reader;

	private final boolean fsync;

	TrackerWriter(TrackerLayout layout, Records records, BurrTimes times, JsonMapper mapper, LogReader reader,
			boolean fsync) {
		this.layout = layout;
		this.records = records;
		this.times = times;
		this.mapper = mapper;
		this.reader = reader;
		this.fsync = fsync;
	}

	/** See {@link LocalTrackingClient#postApplicationCreate}. */
	void applicationCreated(ApplicationCreated event) {
		Path dir = this.layout.appDirectory(event.appId());
		try {
			Files.createDirectories(dir);
			createIfMissing(dir.resolve(TrackerLayout.LOG));
			writeOnce(dir.resolve(TrackerLayout.GRAPH), Records.graph(event.graph(), event.entrypoint()));
			boolean newMetadata = writeOnce(dir.resolve(TrackerLayout.METADATA),
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

	void stepStarted(StepStarted event) {
		append(event.appId(), this.records.beginEntry(this.times.localNow(), event.actionName(), event.inputs(),
				event.sequenceId()), false);
	}

	/** Appends the {@code end_entry}, forced to disk when {@code fsync} is set. */
	void stepFinished(StepFinished event) {
		append(event.appId(), this.records.endEntry(this.times.localNow(), event.actionName(), event.result(),
				event.exception(), event.state(), event.sequenceId()), this.fsync);
	}

	void spanStarted(SpanStarted event) {
		append(event.appId(), Records.beginSpan(this.times.localNow(), event.sequenceId(), event.spanId(),
				event.spanName(), event.parentSpanId()), false);
	}

	void spanEnded(SpanEnded event) {
		append(event.appId(), Records.endSpan(this.times.localNow(), event.sequenceId(), event.spanId()), false);
	}

	/** Appends one {@code attribute} line per attribute, all with the same {@code time_logged}. */
	void attributesLogged(AttributesLogged event) {
		String time = this.times.utcNow();
		event.attributes().forEach((key, value) -> append(event.appId(),
				this.records.attribute(key, event.sequenceId(), event.spanId(), value, time), false));
	}

	private void warnOnPartitionClash(Path dir, ApplicationCreated event) {
		String stored = this.reader.partitionKeyOf(dir);
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
		Path parentDir = this.layout.appDirectory(parent.appId());
		try {
			Files.createDirectories(parentDir);
			createIfMissing(parentDir.resolve(TrackerLayout.LOG));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not create " + parentDir, ex);
		}
		LineAppender.append(parentDir.resolve(TrackerLayout.CHILDREN), json(Records.child(childAppId,
				this.times.localNow(), eventType, parent.sequenceId())), this.fsync);
	}

	private void append(String appId, Map<String, @Nullable Object> record, boolean force) {
		Path dir = this.layout.appDirectory(appId);
		if (!Files.isDirectory(dir)) {
			try {
				Files.createDirectories(dir);
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Could not create " + dir, ex);
			}
		}
		LineAppender.append(dir.resolve(TrackerLayout.LOG), json(record), force);
	}

	/** Writes {@code file} whole unless it exists; true when it wrote it. */
	private boolean writeOnce(Path file, Map<String, @Nullable Object> content) throws IOException {
		return !Files.exists(file) && AtomicFiles.create(file, json(content), this.fsync);
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

}
