package dev.burr.reliability;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/** A child JVM running a main class of the test classpath, whose stdout lines the test reads. */
final class Child implements AutoCloseable {

	final Process process;

	private final List<String> lines = new ArrayList<>();

	private final Thread reader;

	private Child(Process process) {
		this.process = process;
		this.reader = new Thread(this::read, "child-reader-" + process.pid());
		this.reader.setDaemon(true);
		this.reader.start();
	}

	static Child start(Class<?> main, List<String> options, Path stderr) throws IOException {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.add("-XX:TieredStopAtLevel=1");
		command.add("-XX:+UseSerialGC");
		command.add("-Xmx256m");
		command.add("-Xshare:auto");
		command.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=error");
		command.addAll(options);
		command.add("-cp");
		command.add(classPath(stderr.getParent()));
		command.add(main.getName());
		ProcessBuilder builder = new ProcessBuilder(command);
		builder.redirectError(ProcessBuilder.Redirect.appendTo(stderr.toFile()));
		return new Child(builder.start());
	}

	private static String cachedClassPath;

	private static Path cachedFor;

	/**
	 * The test class path with its directories packed into jars in {@code dir}: class-data sharing archives, which
	 * make the many child JVM starts of the crash suite cheaper, accept only jars.
	 */
	static synchronized String classPath(Path dir) throws IOException {
		if (cachedClassPath == null || !dir.equals(cachedFor)) {
			cachedFor = dir;
			Path jars = Files.createDirectories(dir.resolve("classpath-jars"));
			List<String> entries = new ArrayList<>();
			int n = 0;
			for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
				Path path = Path.of(entry);
				if (Files.isDirectory(path)) {
					Path jar = jars.resolve("dir-" + (n++) + ".jar");
					try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
							Stream<Path> files = Files.walk(path)) {
						for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
							out.putNextEntry(new JarEntry(path.relativize(file).toString().replace(File.separatorChar, '/')));
							Files.copy(file, out);
							out.closeEntry();
						}
					}
					entries.add(jar.toString());
				}
				else if (Files.exists(path)) {
					entries.add(entry);
				}
			}
			cachedClassPath = String.join(File.pathSeparator, entries);
		}
		return cachedClassPath;
	}

	private void read() {
		try (BufferedReader in = new BufferedReader(
				new InputStreamReader(this.process.getInputStream(), StandardCharsets.UTF_8))) {
			String line;
			while ((line = in.readLine()) != null) {
				synchronized (this.lines) {
					this.lines.add(line);
					this.lines.notifyAll();
				}
			}
		}
		catch (IOException ex) {
			// killed
		}
	}

	/** Waits until the lines read so far satisfy {@code condition}; false on timeout or when the child ended. */
	boolean await(Predicate<List<String>> condition, long timeoutMillis) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
		synchronized (this.lines) {
			while (!condition.test(this.lines)) {
				long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
				if (left <= 0 || (!this.process.isAlive() && !this.reader.isAlive())) {
					return condition.test(this.lines);
				}
				this.lines.wait(Math.min(left, 50));
			}
			return true;
		}
	}

	/**
	 * SIGKILL, then wait for the process and for its output to be read completely. The signal goes through
	 * {@link ProcessHandle}: {@link Process#destroyForcibly()} would also close our end of the child's stdout, and
	 * the lines still in the pipe would be lost.
	 */
	void kill() throws InterruptedException {
		this.process.toHandle().destroyForcibly();
		this.process.waitFor(30, TimeUnit.SECONDS);
		this.reader.join(10_000);
	}

	/**
	 * SIGTERM, so that the child's shutdown hooks run, keeping its stdout open to read what they print (which
	 * {@link Process#destroy()} would not); {@link #awaitExit} then waits for the end.
	 */
	void terminate() {
		this.process.toHandle().destroy();
	}

	/** Waits for a normal exit and for the output; false when it did not exit in time. */
	boolean awaitExit(long timeoutMillis) throws InterruptedException {
		boolean exited = this.process.waitFor(timeoutMillis, TimeUnit.MILLISECONDS);
		this.reader.join(10_000);
		return exited;
	}

	List<String> lines() {
		synchronized (this.lines) {
			return List.copyOf(this.lines);
		}
	}

	static long count(List<String> lines, String prefix) {
		return lines.stream().filter(line -> line.startsWith(prefix)).count();
	}

	@Override
	public void close() {
		this.process.destroyForcibly();
	}

}
