package dev.burr.tracking;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.jspecify.annotations.Nullable;

/**
 * Appends whole lines to a file, safely from several threads and processes: under a lock per file inside this
 * JVM and an exclusive {@link FileLock} across processes, the line goes out in one buffer on a channel opened
 * in append mode. The channel is opened per line: no handle is shared between applications or kept open. A
 * file that does not end with a newline (a writer was killed mid-line) gets one first, so the torn fragment
 * stays a line of its own and the new line parses. Both channels of a line stay open until its lock is
 * released: closing any channel of a file drops the process's POSIX lock on it.
 */
final class LineAppender {

	private static final Object[] STRIPES = new Object[64];

	static {
		for (int i = 0; i < STRIPES.length; i++) {
			STRIPES[i] = new Object();
		}
	}

	private LineAppender() {
	}

	/**
	 * Appends {@code line} (JSON without its newline) and a newline.
	 * @param force whether to {@code fsync} the file's data before returning
	 */
	static void append(Path file, byte[] line, boolean force) {
		Path key = file.toAbsolutePath().normalize();
		synchronized (STRIPES[Math.floorMod(key.hashCode(), STRIPES.length)]) {
			try (FileChannel channel = FileChannel.open(key, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
					StandardOpenOption.APPEND); FileChannel reader = FileChannel.open(key, StandardOpenOption.READ)) {
				FileLock lock = lock(channel);
				try {
					boolean repair = endsTorn(reader, channel.size());
					ByteBuffer buffer = ByteBuffer.allocate(line.length + (repair ? 2 : 1));
					if (repair) {
						buffer.put((byte) '\n');
					}
					buffer.put(line).put((byte) '\n').flip();
					while (buffer.hasRemaining()) {
						channel.write(buffer);
					}
					if (force) {
						channel.force(false);
					}
				}
				finally {
					if (lock != null) {
						lock.release();
					}
				}
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Could not append to " + file, ex);
			}
		}
	}

	/** An exclusive lock for other processes; none when this JVM already holds one through another path. */
	private static @Nullable FileLock lock(FileChannel channel) throws IOException {
		try {
			return channel.lock();
		}
		catch (OverlappingFileLockException ex) {
			return null;
		}
	}

	private static boolean endsTorn(FileChannel reader, long size) throws IOException {
		if (size == 0) {
			return false;
		}
		ByteBuffer last = ByteBuffer.allocate(1);
		return reader.read(last, size - 1) == 1 && last.get(0) != '\n';
	}

}
