package dev.burr.tracking;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Burr's tracker layout: every application of a project in {@code {storageDir}/{project}/{appId}/}, with the
 * file names inside it, and the rule an application id must follow to name such a directory.
 */
final class TrackerLayout {

	/** The application's graph, written once. */
	static final String GRAPH = "graph.json";

	/** The application's partition key and parent pointers, written once. */
	static final String METADATA = "metadata.json";

	/** One line per step, span and attribute event. */
	static final String LOG = "log.jsonl";

	/** A parent's line per fork or spawned child. */
	static final String CHILDREN = "children.jsonl";

	private final Path projectDirectory;

	/** The layout of {@code project} (already checked by {@link ProjectNames}) under {@code storageDir}. */
	TrackerLayout(Path storageDir, String project) {
		this.projectDirectory = storageDir.resolve(project);
	}

	/** The directory holding one directory per application. */
	Path projectDirectory() {
		return this.projectDirectory;
	}

	/**
	 * The directory of application {@code appId}.
	 * @throws IllegalArgumentException when the id is blank, {@code .}, {@code ..} or contains a path separator
	 */
	Path appDirectory(String appId) {
		return this.projectDirectory.resolve(checkAppId(appId));
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

}
