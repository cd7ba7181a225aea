package dev.burr.redis;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import dev.burr.persistence.BatchOutcomes;
import dev.burr.persistence.BurrPersistenceException;
import dev.burr.persistence.StateConflictException;
import dev.burr.persistence.StepSave;
import io.lettuce.core.RedisException;
import org.jspecify.annotations.Nullable;

import org.springframework.dao.DataAccessException;

/**
 * Stores a batch of steps, their writes built by the layout, in one round trip ({@link ScriptPipeline}): one
 * call per app (per run of rising sequence ids), its layout's save script run through
 * {@link RedisScripts#inOrder}, so that an app's steps are stored in order and none after one that was not. Says
 * per step whether it was stored, and tells the layout ({@link RedisLayout#stored}, {@link RedisLayout#notStored}).
 */
final class PipelinedSaves {

	private final ScriptPipeline pipeline;

	private final RedisLayout layout;

	private final ClusterGuard clusterGuard;

	private final String keyPrefix;

	/** @param keyPrefix what the layout's keys start with, for messages */
	PipelinedSaves(ScriptPipeline pipeline, RedisLayout layout, ClusterGuard clusterGuard, String keyPrefix) {
		this.pipeline = pipeline;
		this.layout = layout;
		this.clusterGuard = clusterGuard;
		this.keyPrefix = keyPrefix;
	}

	/**
	 * Stores {@code steps}, an app's in ascending sequence order, as {@link dev.burr.persistence.StateSaver#saveAll}
	 * says.
	 * @return one entry per step, in order: {@code null} when stored, a {@link StateConflictException} when it was
	 * already stored, a {@link BurrPersistenceException} when Redis failed or an earlier step of its app was not
	 * stored
	 */
	List<@Nullable RuntimeException> store(List<Step> steps) {
		List<List<Integer>> chains = chains(steps);
		List<ScriptPipeline.Call> calls = new ArrayList<>(chains.size());
		for (List<Integer> chain : chains) {
			calls.add(call(steps, chain));
		}
		List<ScriptPipeline.Reply> replies;
		try {
			this.clusterGuard.check();
			replies = this.pipeline.send(calls);
		}
		catch (DataAccessException | RedisException ex) {
			return told(steps, failedAll(steps, ex));
		}
		catch (RuntimeException ex) {
			List<@Nullable RuntimeException> same = new ArrayList<>(steps.size());
			steps.forEach((step) -> same.add(ex));
			return told(steps, same);
		}
		@Nullable RuntimeException[] direct = new RuntimeException[steps.size()];
		boolean[] skipped = new boolean[steps.size()];
		for (int c = 0; c < chains.size(); c++) {
			settle(steps, chains.get(c), replies.get(c), direct, skipped);
		}
		List<StepSave> saves = new ArrayList<>(steps.size());
		steps.forEach((step) -> saves.add(step.save()));
		List<@Nullable RuntimeException> outcomes = new ArrayList<>(steps.size());
		for (int i = 0; i < steps.size(); i++) {
			outcomes.add(skipped[i] ? skipped(saves, outcomes, i) : direct[i]);
		}
		return told(steps, outcomes);
	}

	/**
	 * The steps of each call, as indexes: an app's steps in batch order while their sequence ids rise; a step whose
	 * sequence id does not rise (a second save of one step) starts the app's next call, which Redis runs after
	 * the first. Calls in the order of their first step.
	 */
	private static List<List<Integer>> chains(List<Step> steps) {
		List<List<Integer>> chains = new ArrayList<>();
		Map<AppKey, List<Integer>> open = new HashMap<>();
		for (int i = 0; i < steps.size(); i++) {
			Step step = steps.get(i);
			AppKey app = new AppKey(step.partitionKey(), step.save().appId());
			List<Integer> chain = open.get(app);
			if (chain == null
					|| steps.get(chain.get(chain.size() - 1)).save().sequenceId() >= step.save().sequenceId()) {
				chain = new ArrayList<>();
				chains.add(chain);
				open.put(app, chain);
			}
			chain.add(i);
		}
		return chains;
	}

	/** One {@link RedisScripts#inOrder} call saving the app's steps at {@code indexes}. */
	private static ScriptPipeline.Call call(List<Step> steps, List<Integer> indexes) {
		StepWrite first = steps.get(indexes.get(0)).write();
		int keyCount = first.keys().size();
		int argCount = first.args().length;
		byte[][] keys = new byte[keyCount * indexes.size()][];
		byte[][] args = new byte[2 + argCount * indexes.size()][];
		args[0] = RedisKeys.bytes(Integer.toString(keyCount));
		args[1] = RedisKeys.bytes(Integer.toString(argCount));
		for (int s = 0; s < indexes.size(); s++) {
			StepWrite write = steps.get(indexes.get(s)).write();
			if (write.script() != first.script() || write.keys().size() != keyCount
					|| write.args().length != argCount) {
				throw new IllegalStateException("The steps of one app must come from one layout");
			}
			for (int k = 0; k < keyCount; k++) {
				keys[s * keyCount + k] = RedisKeys.bytes(write.keys().get(k));
			}
			for (int g = 0; g < argCount; g++) {
				args[2 + s * argCount + g] = BytesSerializer.INSTANCE.serialize(write.args()[g]);
			}
		}
		return new ScriptPipeline.Call(RedisScripts.inOrder(first.script()), keys, args);
	}

	/** Reads one call's reply: its first steps stored, then one refused or failed, the rest not reached. */
	private void settle(List<Step> steps, List<Integer> indexes, ScriptPipeline.Reply reply,
			@Nullable RuntimeException[] direct, boolean[] skipped) {
		RuntimeException failure = reply.failure();
		List<Object> values = reply.values();
		if (failure != null || values == null || values.isEmpty() || !(values.get(0) instanceof Long)) {
			RuntimeException cause = (failure != null) ? failure
					: new IllegalStateException("unexpected reply " + values + " of the save script");
			for (int i : indexes) {
				direct[i] = failed(steps.get(i), cause);
			}
			return;
		}
		long stored = (Long) values.get(0);
		for (int s = 0; s < indexes.size(); s++) {
			int i = indexes.get(s);
			if (s == stored) {
				direct[i] = (values.size() > 1) ? failed(steps.get(i), text(values.get(1))) : conflict(steps.get(i));
			}
			skipped[i] = s > stored;
		}
	}

	/** Why a step the script did not reach, after a lower step of its app that was not stored, is not stored. */
	private static RuntimeException skipped(List<StepSave> saves, List<@Nullable RuntimeException> outcomes, int i) {
		return Objects.requireNonNullElseGet(BatchOutcomes.earlierFailure(saves, outcomes, i),
				() -> new BurrPersistenceException("Not storing " + saves.get(i).describe()
						+ ": an earlier step of its app in the batch was not stored"));
	}

	private List<@Nullable RuntimeException> told(List<Step> steps, List<@Nullable RuntimeException> outcomes) {
		for (int i = 0; i < steps.size(); i++) {
			if (outcomes.get(i) == null) {
				this.layout.stored(steps.get(i).write());
			}
			else {
				this.layout.notStored(steps.get(i).write());
			}
		}
		return outcomes;
	}

	private List<@Nullable RuntimeException> failedAll(List<Step> steps, RuntimeException cause) {
		List<@Nullable RuntimeException> outcomes = new ArrayList<>(steps.size());
		for (Step step : steps) {
			outcomes.add(failed(step, cause));
		}
		return outcomes;
	}

	private static StateConflictException conflict(Step step) {
		return new StateConflictException(step.partitionKey(), step.save().appId(), step.save().sequenceId(), null);
	}

	private BurrPersistenceException failed(Step step, RuntimeException cause) {
		return new BurrPersistenceException(what(step) + ": " + cause.getMessage(), cause);
	}

	private BurrPersistenceException failed(Step step, String error) {
		return new BurrPersistenceException(what(step) + ": " + error);
	}

	private String what(Step step) {
		return "Redis failed to save step " + step.save().sequenceId() + " of app '" + step.save().appId()
				+ "' (partition key '" + step.partitionKey() + "') under key prefix '" + this.keyPrefix + "'";
	}

	private static String text(Object value) {
		return (value instanceof byte[] bytes) ? new String(bytes, StandardCharsets.UTF_8) : String.valueOf(value);
	}

	/** A step to store: what was asked, its partition key normalized, and the write its layout built for it. */
	record Step(StepSave save, String partitionKey, StepWrite write) {
	}

	private record AppKey(String partitionKey, String appId) {
	}

}
