package dev.burr.testing.services;

/** Stops the servers this JVM started when it exits. */
final class ShutdownHooks {

	/** Something that stops a server. */
	@FunctionalInterface
	interface Stopper {

		void stop() throws Exception;

	}

	private ShutdownHooks() {
	}

	static void add(String what, Stopper stopper) {
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			try {
				stopper.stop();
			}
			catch (Exception ex) {
				System.err.println("Could not stop " + what + ": " + ex);
			}
		}, "stop " + what));
	}

}
