package dev.burr.testing.services;

import java.util.List;

/**
 * The master nodes of a Redis Cluster found for the tests; every slot is served.
 *
 * @param description where the cluster came from, for messages
 * @param masters one endpoint per master node
 */
public record RedisClusterNodes(String description, List<RedisEndpoint> masters) {

	/** The nodes as {@code host:port} strings, as Spring Data Redis's cluster configuration takes them. */
	public List<String> hostAndPorts() {
		return this.masters.stream().map(node -> node.host() + ":" + node.port()).toList();
	}

}
