package dev.burr.serde;

import java.io.ByteArrayOutputStream;

import tools.jackson.databind.json.JsonMapper;

/**
 * Writes JSON through a buffer kept per thread, so that a write allocates the bytes it returns and not, as
 * {@code writeValueAsBytes} does, a chain of growing blocks copied together at the end (about three times the
 * output for a state of a few KB). A buffer that grew past {@value #KEPT_CAPACITY} bytes for a large state is
 * dropped after use rather than kept by its thread.
 */
final class JsonOutput {

	static final int KEPT_CAPACITY = 64 * 1024;

	private static final ThreadLocal<Buffer> BUFFERS = ThreadLocal.withInitial(Buffer::new);

	private JsonOutput() {
	}

	/** The JSON of {@code value}, as {@code mapper.writeValueAsBytes} writes it. */
	static byte[] write(JsonMapper mapper, Object value) {
		Buffer buffer = BUFFERS.get();
		if (buffer.inUse) {
			return mapper.writeValueAsBytes(value);
		}
		buffer.inUse = true;
		try {
			buffer.reset();
			mapper.writeValue(buffer, value);
			return buffer.toByteArray();
		}
		finally {
			buffer.inUse = false;
			if (buffer.capacity() > KEPT_CAPACITY) {
				BUFFERS.remove();
			}
		}
	}

	/** A byte array stream that tells its capacity and whether a write on its thread is using it. */
	private static final class Buffer extends ByteArrayOutputStream {

		boolean inUse;

		Buffer() {
			super(8 * 1024);
		}

		int capacity() {
			return this.buf.length;
		}

	}

}
