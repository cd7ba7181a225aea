package dev.burr.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

import dev.burr.persistence.PersistedState;
import dev.burr.persistence.delta.DeltaChain;
import dev.burr.persistence.delta.DeltaRow;
import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.serializer.RedisSerializer;

/**
 * Reads the delta layout: one step through its chain in one round trip ({@link DeltaScripts#LOAD}), or every
 * step of an app in pages of steps (one index read and one pipeline per page), so that no reply holds a whole
 * history. A broken chain or a step that does not load fails naming the keys, the app and the sequence id
 * ({@link DeltaChain}).
 */
final class DeltaStepReader {

	private static final byte[][] FIELDS = DeltaStepHash.FIELDS_READ.stream()
		.map(RedisKeys::bytes)
		.toArray(byte[][]::new);

	/** Each element of {@link DeltaScripts#LOAD}'s reply as the bytes Redis sent. */
	@SuppressWarnings({ "unchecked", "rawtypes" })
	private static final RedisSerializer<List> REPLY = (RedisSerializer) BytesSerializer.INSTANCE;

	private final StringRedisTemplate redis;

	private final RedisKeys keys;

	private final DeltaChain chain;

	private final String touchTtlMillis;

	private final int pageSize;

	/** @param touchTtl the TTL a load gives the loaded chain and its app's keys again, or {@code null} for none */
	DeltaStepReader(StringRedisTemplate redis, RedisKeys keys, DeltaChain chain, @Nullable Duration touchTtl,
			int pageSize) {
		this.redis = redis;
		this.keys = keys;
		this.chain = chain;
		this.touchTtlMillis = Long.toString((touchTtl != null) ? touchTtl.toMillis() : 0L);
		this.pageSize = pageSize;
	}

	/** Step {@code sequenceId} of an app, or its latest when {@code null}, with where its chain stands. */
	Optional<DeltaChain.Loaded> load(String partitionKey, String appId, @Nullable Long sequenceId) {
		String stepPrefix = this.keys.stepPrefix(partitionKey, appId);
		List<?> reply = this.redis.execute(DeltaScripts.LOAD, BytesSerializer.INSTANCE, REPLY,
				List.of(this.keys.partition(partitionKey), this.keys.snapshots(partitionKey, appId),
						this.keys.steps(partitionKey, appId), this.keys.activity(partitionKey)),
				appId, (sequenceId != null) ? sequenceId.toString() : "", stepPrefix, this.touchTtlMillis);
		if (reply == null || reply.isEmpty()) {
			return Optional.empty();
		}
		long target = Long.parseLong(DeltaStepHash.text(reply.get(0)));
		return this.chain.last(where(stepPrefix), partitionKey, appId, target, DeltaStepHash.chain(reply, stepPrefix));
	}

	/** Every stored step of an app, oldest first. */
	void forEachStep(String partitionKey, String appId, Consumer<PersistedState> steps) {
		String stepPrefix = this.keys.stepPrefix(partitionKey, appId);
		this.chain.replay(where(stepPrefix), partitionKey, appId, new Pages(partitionKey, appId, stepPrefix), steps);
	}

	private static String where(String stepPrefix) {
		return "Redis hashes '" + stepPrefix + "<sequence id>'";
	}

	/** An app's stored steps in ascending order, one page at a time; steps that expired meanwhile are skipped. */
	private final class Pages implements Iterator<DeltaRow> {

		private final String steps;

		private final String stepPrefix;

		private Iterator<DeltaRow> page = List.<DeltaRow>of().iterator();

		private long after = -1;

		private boolean lastPage;

		Pages(String partitionKey, String appId, String stepPrefix) {
			this.steps = DeltaStepReader.this.keys.steps(partitionKey, appId);
			this.stepPrefix = stepPrefix;
		}

		@Override
		public boolean hasNext() {
			while (!this.page.hasNext() && !this.lastPage) {
				this.page = nextPage().iterator();
			}
			return this.page.hasNext();
		}

		@Override
		public DeltaRow next() {
			if (!hasNext()) {
				throw new NoSuchElementException();
			}
			return this.page.next();
		}

		private List<DeltaRow> nextPage() {
			Set<String> indexed = DeltaStepReader.this.redis.opsForZSet()
				.rangeByScore(this.steps, this.after + 1, Double.POSITIVE_INFINITY, 0, DeltaStepReader.this.pageSize);
			List<String> sequenceIds = (indexed != null) ? List.copyOf(indexed) : List.of();
			this.lastPage = sequenceIds.size() < DeltaStepReader.this.pageSize;
			if (sequenceIds.isEmpty()) {
				return List.of();
			}
			this.after = Long.parseLong(sequenceIds.get(sequenceIds.size() - 1));
			List<Object> hashes = DeltaStepReader.this.redis.executePipelined((RedisCallback<Object>) connection -> {
				sequenceIds.forEach(seq -> connection.hashCommands()
					.hMGet(RedisKeys.bytes(this.stepPrefix + seq), FIELDS));
				return null;
			});
			List<DeltaRow> rows = new ArrayList<>(sequenceIds.size());
			for (int i = 0; i < sequenceIds.size(); i++) {
				List<?> fields = (List<?>) hashes.get(i);
				if (fields != null && fields.stream().anyMatch(field -> field != null)) {
					List<Object> reply = new ArrayList<>(DeltaStepHash.REPLY_WIDTH);
					reply.add(sequenceIds.get(i));
					reply.addAll(fields);
					rows.add(DeltaStepHash.read(reply, 0, this.stepPrefix));
				}
			}
			return rows;
		}

	}

}
