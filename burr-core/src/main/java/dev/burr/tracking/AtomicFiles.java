package dev.burr.tracking;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Creates files whole or not at all: the content goes to a temporary file beside the target, which is then
 * hard-linked (or, where links are not supported, renamed) into place, so a reader never sees half a file and
 * of two concurrent writers the first one wins.
 */
final class AtomicFiles {

	private AtomicFiles() {
	}

	/**
	 * Creates {@code file} with {@code content} unless another writer created it first.
	 * @param force whether to {@code fsync} the content before it is put in place
	 * @return true when this call created the file
	 */
	static boolean create(Path file, byte[] content, boolean force) throws IOException {
		Path temp = Files.createTempFile(file.getParent(), "." + file.getFileName(), ".tmp");
		try {
			Files.write(temp, content);
			if (force) {
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

}
