package dev.burr.tracking;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Appends whole lines to a file. Each line goes out in one {@code write} on a channel opened in append mode,
 * so lines from several threads or processes never interleave on a local file system. The channel is opened
 * per line: no handle is shared between applications or kept open. A file that does not end with a newline
 * (a writer was killed mid-line) gets one first, so the torn fragment stays a line of its own.
 */
final class LineAppender {

	private LineAppender() {
	}

	/**
	 * Appends {@code line} (JSON without its newline) and a newline.
	 * @param force whether to {@code fsync} the file's data before returning
	 */
	static void append(Path file, byte[] line, boolean force) {
		try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
				StandardOpenOption.APPEND)) {
			boolean repair = endsTorn(file, channel.size());
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
		catch (IOException ex) {
			throw new UncheckedIOException("Could not append to " + file, ex);
		}
	}

	private static boolean endsTorn(Path file, long size) throws IOException {
		if (size == 0) {
			return false;
		}
		try (FileChannel reader = FileChannel.open(file, StandardOpenOption.READ)) {
			ByteBuffer last = ByteBuffer.allocate(1);
			return reader.read(last, size - 1) == 1 && last.get(0) != '\n';
		}
	}

}
