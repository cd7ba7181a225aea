package dev.burr.testing.services;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import redis.embedded.RedisServer;
import redis.embedded.core.ExecutableProvider;

/**
 * A real Redis Cluster of three masters on free loopback ports, started from the machine's {@code redis-server}
 * (else embedded-redis's binary): each node gets a third of the 16,384 slots with {@code CLUSTER ADDSLOTS}, the
 * nodes meet with {@code CLUSTER MEET}, and the cluster is returned once every node reports it {@code ok}.
 * The nodes stop, and their directory is removed, at JVM exit.
 */
final class LocalRedisCluster {

	static final String NAME = "local Redis Cluster of 3 masters (redis-server in cluster mode)";

	private static final int MASTERS = 3;

	private static final int SLOTS = 16_384;

	private static final Duration READY_WITHIN = Duration.ofSeconds(30);

	private LocalRedisCluster() {
	}

	static RedisClusterNodes start() {
		Path directory = temporaryDirectory();
		ExecutableProvider executable = RedisExecutables.machineOrEmbedded();
		List<RedisServer> nodes = new ArrayList<>();
		ShutdownHooks.add("local Redis Cluster", () -> stopAndDelete(nodes, directory));
		List<RedisEndpoint> masters = new ArrayList<>();
		for (int i = 0; i < MASTERS; i++) {
			masters.add(startNode(executable, directory, nodes));
		}
		RedisClient client = RedisClient.create();
		try {
			List<StatefulRedisConnection<String, String>> connections = masters.stream()
				.map(node -> client.connect(RedisURI.create(node.host(), node.port())))
				.toList();
			assignSlots(connections);
			for (RedisEndpoint other : masters.subList(1, MASTERS)) {
				connections.get(0).sync().clusterMeet(other.host(), other.port());
			}
			awaitOk(connections);
		}
		finally {
			client.shutdown();
		}
		return new RedisClusterNodes(NAME, List.copyOf(masters));
	}

	private static RedisEndpoint startNode(ExecutableProvider executable, Path directory, List<RedisServer> nodes) {
		int port = FreePorts.withClusterBus();
		try {
			RedisServer node = RedisServer.newRedisServer()
				.executableProvider(executable)
				.bind("127.0.0.1")
				.port(port)
				.setting("cluster-enabled yes")
				.setting("cluster-config-file nodes-" + port + ".conf")
				.setting("cluster-node-timeout 5000")
				.setting("dir " + directory)
				.setting("save \"\"")
				.setting("appendonly no")
				.build();
			synchronized (nodes) {
				nodes.add(node);
			}
			node.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Redis Cluster node did not start on port " + port, ex);
		}
		return new RedisEndpoint(NAME, "127.0.0.1", port);
	}

	private static void assignSlots(List<StatefulRedisConnection<String, String>> connections) {
		int perNode = SLOTS / MASTERS;
		for (int i = 0; i < MASTERS; i++) {
			int first = i * perNode;
			int end = (i == MASTERS - 1) ? SLOTS : first + perNode;
			connections.get(i).sync().clusterAddSlots(IntStream.range(first, end).toArray());
		}
	}

	private static void awaitOk(List<StatefulRedisConnection<String, String>> connections) {
		long deadline = System.nanoTime() + READY_WITHIN.toNanos();
		while (!everyNodeSeesTheWholeCluster(connections)) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("The Redis Cluster did not report cluster_state:ok with " + MASTERS
						+ " nodes within " + READY_WITHIN.toSeconds() + " s: "
						+ connections.get(0).sync().clusterInfo());
			}
			sleep();
		}
	}

	private static boolean everyNodeSeesTheWholeCluster(List<StatefulRedisConnection<String, String>> connections) {
		for (StatefulRedisConnection<String, String> connection : connections) {
			RedisCommands<String, String> node = connection.sync();
			String info = node.clusterInfo();
			if (!info.contains("cluster_state:ok") || !info.contains("cluster_known_nodes:" + MASTERS)
					|| node.clusterSlots().size() != MASTERS) {
				return false;
			}
		}
		return true;
	}

	private static void sleep() {
		try {
			Thread.sleep(100);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while the Redis Cluster formed", ex);
		}
	}

	private static Path temporaryDirectory() {
		try {
			return Files.createTempDirectory("burr-redis-cluster-");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static void stopAndDelete(List<RedisServer> nodes, Path directory) throws IOException {
		synchronized (nodes) {
			for (RedisServer node : nodes) {
				node.stop();
			}
		}
		try (Stream<Path> paths = Files.walk(directory)) {
			for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
				Files.deleteIfExists(path);
			}
		}
	}

}
