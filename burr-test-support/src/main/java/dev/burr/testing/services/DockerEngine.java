package dev.burr.testing.services;

import org.testcontainers.DockerClientFactory;

/** Whether a Docker engine answers, so that Testcontainers can start containers; asked once per JVM. */
final class DockerEngine {

	private static volatile Boolean answers;

	private DockerEngine() {
	}

	static boolean answers() {
		Boolean known = answers;
		if (known == null) {
			known = ask();
			answers = known;
		}
		return known;
	}

	private static boolean ask() {
		try {
			return DockerClientFactory.instance().isDockerAvailable();
		}
		catch (RuntimeException | LinkageError ex) {
			return false;
		}
	}

}
