package dev.burr.serde;

import java.io.OutputStream;
import java.util.Arrays;

import tools.jackson.databind.json.JsonMapper;

/**
 * Writes JSON through a buffer kept per thread, so that a write allocates little more than the bytes it returns
 * ({@code writeValueAsBytes} allocates a chain of growing blocks and copies them together: about three times the
 * output for a state of a few KB). A buffer that grew past {@value #KEPT_CAPACITY} bytes for a large state is not
 * kept; its size is, so that the thread's next write starts from one buffer of about that size instead of growing
 * one step by step.
 */
final class JsonOutput {

	static final int KEPT_CAPACITY = 64 * 1024;

	private static final int INITIAL_CAPACITY = 8 * 1024;

	private static final ThreadLocal<Buffer> BUFFERS = ThreadLocal.withInitial(Buffer::new);

	private JsonOutput() {
	}

	/** The JSON of {@code value}, as {@code mapper.writeValueAsBytes} writes it. */
	static byte[] write(JsonMapper mapper, Object value) {
		Buffer buffer = BUFFERS.get();
		if (buffer.inUse) {
			return mapper.writeValueAsBytes(value);
		}
		buffer.start();
		try {
			mapper.writeValue(buffer, value);
			return Arrays.copyOf(buffer.bytes, buffer.count);
		}
		finally {
			buffer.finish();
		}
	}

	/** A growable byte sink, reused by one thread's writes one after the other. */
	private static final class Buffer extends OutputStream {

		private static final byte[] NONE = new byte[0];

		byte[] bytes = NONE;

		int count;

		private int nextCapacity = INITIAL_CAPACITY;

		boolean inUse;

		void start() {
			this.inUse = true;
			this.count = 0;
			if (this.bytes.length == 0) {
				this.bytes = new byte[this.nextCapacity];
			}
		}

		void finish() {
			this.inUse = false;
			if (this.bytes.length > KEPT_CAPACITY) {
				this.nextCapacity = Math.max(INITIAL_CAPACITY, this.count + (this.count >> 3));
				this.bytes = NONE;
			}
		}

		@Override
		public void write(int b) {
			ensure(1);
			this.bytes[this.count++] = (byte) b;
		}

		@Override
		public void write(byte[] source, int offset, int length) {
			ensure(length);
			System.arraycopy(source, offset, this.bytes, this.count, length);
			this.count += length;
		}

		private void ensure(int more) {
			int needed = this.count + more;
			if (needed > this.bytes.length) {
				this.bytes = Arrays.copyOf(this.bytes, Math.max(needed, this.bytes.length * 2));
			}
		}

	}

}
