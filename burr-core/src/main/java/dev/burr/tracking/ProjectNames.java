package dev.burr.tracking;

import java.io.File;
import java.util.regex.Pattern;

/** Checks project names as Burr's tracking client does. */
final class ProjectNames {

	private static final Pattern ALLOWED = Pattern.compile("^[a-zA-Z0-9_\\-:]+$");

	private ProjectNames() {
	}

	/**
	 * {@code project}, when Burr would accept it: letters, digits, {@code _}, {@code -} and {@code :}
	 * ({@code :} not on Windows, where it cannot be part of a directory name).
	 * @throws IllegalArgumentException with Burr's message otherwise
	 */
	static String check(String project) {
		boolean windows = File.separatorChar == '\\';
		if (project == null || !ALLOWED.matcher(project).matches() || (windows && project.indexOf(':') >= 0)) {
			throw new IllegalArgumentException("Project: " + project + " is not valid. Project name cannot contain "
					+ "non-alphanumeric (except _ and -) characters. We will be relaxing this restriction later but "
					+ "for now please rename your project!");
		}
		return project;
	}

}
