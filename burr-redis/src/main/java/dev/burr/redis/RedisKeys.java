package dev.burr.redis;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The keys of one namespace, in Burr's layout ({@link #RedisKeys(String, boolean)}) or the delta layout's
 * ({@link #delta}).
 * <p>
 * Burr's keys are a hash {@code [ns:]pk:app:seq} per step and a sorted set {@code [ns:]pk} of app ids
 * scored by their highest sequence id. This persister adds, in the same namespace, a sorted set
 * {@code [ns:]pk:app:steps} of an app's sequence ids and a sorted set {@code [ns:]pk:activity} of app ids
 * scored by the Redis server time of their last write. Partition keys and app ids are percent-encoded for
 * {@code %}, {@code :}, <code>{</code> and <code>}</code> (and nothing else), so an id without those four
 * characters gives Burr's exact key, and two different ids never give one key. In the cluster-safe layout the
 * partition segment is the hash tag <code>{pk=...}</code>, putting a partition's keys in one slot.
 * <p>
 * The delta layout has the same kinds of keys after the segment {@value #DELTA_SEGMENT}
 * (<code>[ns:]%delta:pk:app:seq</code>, ...), plus a sorted set {@code ...:app:snapshots} of the sequence ids
 * stored as snapshots. No escaped id and no namespace can be {@value #DELTA_SEGMENT} (an escaped {@code %} is
 * always followed by two hex digits), so no delta key is ever a key of Burr's layout, in any namespace or none.
 */
final class RedisKeys {

	private static final Pattern NAMESPACE = Pattern.compile("[A-Za-z0-9._\\-]+");

	private static final char[] HEX = "0123456789ABCDEF".toCharArray();

	static final String DELTA_SEGMENT = "%delta";

	private final String prefix;

	private final boolean clusterSafe;

	private final boolean delta;

	/** Burr's keys in {@code namespace} ({@code ""} for none). */
	RedisKeys(String namespace, boolean clusterSafe) {
		this(namespace, clusterSafe, false);
	}

	private RedisKeys(String namespace, boolean clusterSafe, boolean delta) {
		String namespacePrefix = namespace.isEmpty() ? "" : checkNamespace(namespace) + ":";
		this.prefix = delta ? namespacePrefix + DELTA_SEGMENT + ":" : namespacePrefix;
		this.clusterSafe = clusterSafe;
		this.delta = delta;
	}

	/** The delta layout's keys in {@code namespace} ({@code ""} for none). */
	static RedisKeys delta(String namespace, boolean clusterSafe) {
		return new RedisKeys(namespace, clusterSafe, true);
	}

	/** What every key of these starts with: {@code "burr:"}, {@code "burr:%delta:"}, {@code ""}... */
	String prefix() {
		return this.prefix;
	}

	/** Burr's sorted set of a partition's app ids, scored by their highest sequence id. */
	String partition(String partitionKey) {
		return this.prefix + partitionSegment(partitionKey);
	}

	/** Burr's hash of one step. */
	String step(String partitionKey, String appId, long sequenceId) {
		return stepPrefix(partitionKey, appId) + sequenceId;
	}

	/** The common start of every step hash key of one app: the step key is this followed by the sequence id. */
	String stepPrefix(String partitionKey, String appId) {
		return partition(partitionKey) + ":" + escape(appId) + ":";
	}

	/** The sorted set of one app's stored sequence ids (member and score both the sequence id). */
	String steps(String partitionKey, String appId) {
		return stepPrefix(partitionKey, appId) + "steps";
	}

	/** The delta layout's sorted set of one app's sequence ids stored as snapshots. */
	String snapshots(String partitionKey, String appId) {
		return stepPrefix(partitionKey, appId) + "snapshots";
	}

	/** The sorted sets that index one app's steps: its steps set, and in the delta layout its snapshots set. */
	List<String> appIndexes(String partitionKey, String appId) {
		return this.delta ? List.of(steps(partitionKey, appId), snapshots(partitionKey, appId))
				: List.of(steps(partitionKey, appId));
	}

	/** The sorted set of a partition's app ids, scored by the server time of their last write in microseconds. */
	String activity(String partitionKey) {
		return partition(partitionKey) + ":activity";
	}

	private String partitionSegment(String partitionKey) {
		String escaped = escape(partitionKey);
		return this.clusterSafe ? "{pk=" + escaped + "}" : escaped;
	}

	/** {@code id} with {@code %}, {@code :}, <code>{</code> and <code>}</code> percent-encoded. */
	static String escape(String id) {
		StringBuilder out = null;
		for (int i = 0; i < id.length(); i++) {
			char c = id.charAt(i);
			boolean special = c == '%' || c == ':' || c == '{' || c == '}';
			if (special && out == null) {
				out = new StringBuilder(id.length() + 8).append(id, 0, i);
			}
			if (special) {
				out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xF]);
			}
			else if (out != null) {
				out.append(c);
			}
		}
		return (out != null) ? out.toString() : id;
	}

	/** A key or member as the bytes {@code StringRedisTemplate} sends, for commands on a raw connection. */
	static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	static String checkNamespace(String namespace) {
		if (!NAMESPACE.matcher(namespace).matches()) {
			throw new IllegalArgumentException("Redis namespace '" + namespace
					+ "' is not allowed: use letters, digits, '.', '_' and '-' (no ':', so that no"
					+ " namespace is the start of another), or \"\" for Burr's layout without a namespace");
		}
		return namespace;
	}

}
