package dev.burr.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A TCP proxy on a local port that holds every reply of the target for a fixed time before passing it on, so
 * that each round trip through it costs at least that long: a test can tell one round trip from several by
 * the clock. Requests pass at once.
 */
final class LaggingProxy implements AutoCloseable {

	private final ServerSocket server;

	private final long lagNanos;

	LaggingProxy(String targetHost, int targetPort, Duration lag) {
		this.lagNanos = lag.toNanos();
		try {
			this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		daemon(() -> {
			while (!this.server.isClosed()) {
				try {
					Socket client = this.server.accept();
					Socket target = new Socket(targetHost, targetPort);
					client.setTcpNoDelay(true);
					target.setTcpNoDelay(true);
					daemon(() -> pass(client, target, 0));
					daemon(() -> pass(target, client, this.lagNanos));
				}
				catch (IOException ex) {
					// closed
				}
			}
		});
	}

	int port() {
		return this.server.getLocalPort();
	}

	@Override
	public void close() throws IOException {
		this.server.close();
	}

	/** Copies {@code from} to {@code to}, each chunk {@code lagNanos} after it arrived. */
	private static void pass(Socket from, Socket to, long lagNanos) {
		LinkedBlockingQueue<Chunk> chunks = new LinkedBlockingQueue<>();
		daemon(() -> {
			try (OutputStream out = to.getOutputStream()) {
				while (true) {
					Chunk chunk = chunks.take();
					if (chunk.bytes().length == 0) {
						return;
					}
					TimeUnit.NANOSECONDS.sleep(Math.max(0, chunk.due() - System.nanoTime()));
					out.write(chunk.bytes());
					out.flush();
				}
			}
			catch (IOException | InterruptedException ex) {
				// closed
			}
		});
		byte[] buffer = new byte[65536];
		try (InputStream in = from.getInputStream()) {
			int read;
			while ((read = in.read(buffer)) != -1) {
				chunks.add(new Chunk(System.nanoTime() + lagNanos, Arrays.copyOf(buffer, read)));
			}
		}
		catch (IOException ex) {
			// closed
		}
		chunks.add(new Chunk(0, new byte[0]));
	}

	private static void daemon(Runnable task) {
		Thread thread = new Thread(task, "lagging-proxy");
		thread.setDaemon(true);
		thread.start();
	}

	private record Chunk(long due, byte[] bytes) {
	}

}
