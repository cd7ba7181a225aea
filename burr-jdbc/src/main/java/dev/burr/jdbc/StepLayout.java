package dev.burr.jdbc;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

import dev.burr.core.State;
import dev.burr.persistence.AppSummary;
import dev.burr.persistence.PersistedState;
import dev.burr.persistence.StateChange;
import dev.burr.persistence.Status;
import org.jspecify.annotations.Nullable;

/**
 * How steps are kept in a database's tables: one implementation per storage layout, bound to the database's
 * dialect. {@link BurrLayout} is Burr's table, {@link DeltaLayout} the delta layout's. {@link JdbcStatePersister}
 * checks the arguments (ids are checked and the partition key normalized before a layout sees them) and names
 * the failures; a layout runs the SQL and lets Spring's {@code DataAccessException} through.
 * <p>
 * A save is {@link #encode}, then {@link #insert} inside the commit {@link StepCommitter} runs, then
 * {@link #committed} once the commit has happened or {@link #abandoned} when it did not.
 */
interface StepLayout {

	/** Creates or migrates this layout's tables. */
	void initialize();

	/** Whether this layout's tables exist in their schema. */
	boolean isInitialized();

	/**
	 * Turns one step into what {@link #insert} writes; nothing touches the database.
	 * @param change what the step changed relative to the app's step {@code sequenceId - 1}, or unknown
	 */
	Step encode(String partitionKey, String appId, long sequenceId, String position, State state, Status status,
			StateChange change, Instant createdAt);

	/**
	 * Writes one step in the caller's transaction, or as one auto-committed statement: committing and retrying
	 * is {@link StepCommitter}'s job, so that several steps can share one transaction.
	 */
	void insert(Step step);

	/** Writes {@code steps} in the caller's transaction as one JDBC batch: what a group commit runs. */
	void insertAll(List<Step> steps);

	/** Told that {@code step} is committed. */
	default void committed(Step step) {
	}

	/** Told that {@code step} was not stored (a conflict, a failure, or its transaction rolled back). */
	default void abandoned(Step step) {
	}

	/** The step {@code sequenceId} of an app, or its latest step when {@code null}. */
	Optional<PersistedState> load(String partitionKey, String appId, @Nullable Long sequenceId);

	/** Every stored step of an app, oldest first. */
	List<PersistedState> history(String partitionKey, String appId);

	/** Every stored step of an app, oldest first, handed to {@code steps} one by one; by default from history. */
	default void forEachStep(String partitionKey, String appId, Consumer<PersistedState> steps) {
		history(partitionKey, appId).forEach(steps);
	}

	/** The app ids of a partition key, most recently written first. */
	List<String> listAppIds(String partitionKey);

	/** One page of the apps of a partition key, most recently written first. */
	List<AppSummary> listApps(String partitionKey, int offset, int limit);

	/** Deletes every step of an app; the number of steps deleted. */
	int deleteApp(String partitionKey, String appId);

	/** Deletes all but the newest {@code keepLast} steps of an app; the number of steps deleted. */
	int pruneKeepLast(String partitionKey, String appId, int keepLast);

	/** Deletes the steps of an app written before {@code cutoff}, never its latest; the number deleted. */
	int pruneOlderThan(String partitionKey, String appId, Instant cutoff);

	/**
	 * One step as it is stored: checked ids, the JSON the layout stores for it and the time it was written.
	 * @param partitionKey the normalized partition key ({@code ""} for none)
	 * @param json what the layout stores for the step in UTF-8 (in Burr's layout the whole state)
	 * @param snapshot whether {@code json} is the whole state; always in Burr's layout
	 * @param layoutData what the layout needs back in {@link #committed}, or {@code null}
	 */
	record Step(String partitionKey, String appId, long sequenceId, String position, byte[] json, Status status,
			Instant createdAt, boolean snapshot, @Nullable Object layoutData) {
	}

}
