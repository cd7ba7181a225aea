package dev.burr.redis;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import dev.burr.persistence.AppSummary;

import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * A partition's apps in either layout, newest write first: the activity set (writes through this persister) then
 * the partition set (apps only Python Burr wrote, by highest sequence id), keeping the apps whose latest step
 * hash is still stored.
 */
final class AppListing {

	private static final byte[] CREATED_AT = RedisKeys.bytes(StepHash.CREATED_AT);

	private final StringRedisTemplate redis;

	private final RedisKeys keys;

	AppListing(StringRedisTemplate redis, RedisKeys keys) {
		this.redis = redis;
		this.keys = keys;
	}

	List<String> appIds(String partitionKey) {
		return summaries(partitionKey, List.copyOf(appIdsNewestFirst(partitionKey))).stream()
			.map(AppSummary::appId)
			.toList();
	}

	List<AppSummary> page(String partitionKey, int offset, int limit) {
		return summaries(partitionKey, pageOfAppIds(partitionKey, offset, limit));
	}

	private LinkedHashSet<String> appIdsNewestFirst(String partitionKey) {
		LinkedHashSet<String> appIds = new LinkedHashSet<>();
		Set<String> active = this.redis.opsForZSet().reverseRange(this.keys.activity(partitionKey), 0, -1);
		Set<String> scored = this.redis.opsForZSet().reverseRange(this.keys.partition(partitionKey), 0, -1);
		if (active != null) {
			appIds.addAll(active);
		}
		if (scored != null) {
			appIds.addAll(scored);
		}
		return appIds;
	}

	private List<String> pageOfAppIds(String partitionKey, int offset, int limit) {
		String activity = this.keys.activity(partitionKey);
		Long active = this.redis.opsForZSet().zCard(activity);
		if (active != null && (long) offset + limit <= active) {
			Set<String> ids = this.redis.opsForZSet().reverseRange(activity, offset, offset + limit - 1L);
			return (ids != null) ? List.copyOf(ids) : List.of();
		}
		List<String> all = List.copyOf(appIdsNewestFirst(partitionKey));
		return (offset >= all.size()) ? List.of() : all.subList(offset, Math.min(all.size(), offset + limit));
	}

	/** The summaries of the given apps whose latest step is still stored (not expired), in the given order. */
	private List<AppSummary> summaries(String partitionKey, List<String> appIds) {
		byte[] partition = RedisKeys.bytes(this.keys.partition(partitionKey));
		List<Object> scores = this.redis.executePipelined((RedisCallback<Object>) connection -> {
			appIds.forEach(appId -> connection.zSetCommands().zScore(partition, RedisKeys.bytes(appId)));
			return null;
		});
		List<AppSummary> scored = new ArrayList<>(appIds.size());
		for (int i = 0; i < appIds.size(); i++) {
			if (scores.get(i) instanceof Double score) {
				scored.add(new AppSummary(partitionKey, appIds.get(i), score.longValue(), Instant.EPOCH));
			}
		}
		List<Object> createdAts = this.redis.executePipelined((RedisCallback<Object>) connection -> {
			scored.forEach(app -> connection.hashCommands()
				.hGet(RedisKeys.bytes(this.keys.step(partitionKey, app.appId(), app.latestSequenceId())), CREATED_AT));
			return null;
		});
		List<AppSummary> summaries = new ArrayList<>(scored.size());
		for (int i = 0; i < scored.size(); i++) {
			AppSummary app = scored.get(i);
			if (createdAts.get(i) instanceof String createdAt) {
				String key = this.keys.step(partitionKey, app.appId(), app.latestSequenceId());
				summaries.add(new AppSummary(partitionKey, app.appId(), app.latestSequenceId(),
						StepHash.parseCreatedAt(key, createdAt)));
			}
		}
		return List.copyOf(summaries);
	}

}
