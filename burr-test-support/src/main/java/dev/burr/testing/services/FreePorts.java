package dev.burr.testing.services;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Free TCP ports on the loopback interface, for servers the tests start. */
final class FreePorts {

	/** Redis Cluster nodes also listen on their port plus this, the cluster bus. */
	static final int CLUSTER_BUS_OFFSET = 10_000;

	private FreePorts() {
	}

	/** A port nothing listens on right now. */
	static int any() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			socket.setReuseAddress(true);
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("No free port on the loopback interface", ex);
		}
	}

	/** A port that is free, and whose cluster bus port is free too. */
	static int withClusterBus() {
		for (int attempt = 0; attempt < 100; attempt++) {
			int port = any();
			if (port + CLUSTER_BUS_OFFSET < 65_536 && isFree(port + CLUSTER_BUS_OFFSET)) {
				return port;
			}
		}
		throw new IllegalStateException("No free port p with p + " + CLUSTER_BUS_OFFSET + " free after 100 tries");
	}

	private static boolean isFree(int port) {
		try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

}
