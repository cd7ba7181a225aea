package dev.burr.jdbc;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

import dev.burr.persistence.BatchOutcomes;
import dev.burr.persistence.BatchOutcomes.StepId;
import dev.burr.persistence.BurrPersistenceException;
import dev.burr.persistence.StateConflictException;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionException;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Where a save goes: commits one step, or a batch of steps in one transaction ({@link #commitAll}), through its
 * layout's insert, then tells the layout whether it committed. A lone step on a pool that auto-commits and outside
 * a Spring-managed transaction is one statement; otherwise a short transaction of its own, which joins a
 * Spring-managed transaction on the same {@code DataSource}. A deadlock or serialization failure is retried;
 * a duplicate key is a {@link StateConflictException}.
 */
final class StepCommitter {

	private static final int SAVE_ATTEMPTS = 3;

	private final TransactionTemplate transaction;

	private final JdbcDialect dialect;

	private final boolean autoCommit;

	private final StepLayout layout;

	StepCommitter(JdbcDatabase database, JdbcDialect dialect, boolean autoCommit, StepLayout layout) {
		this.transaction = database.transaction;
		this.dialect = dialect;
		this.autoCommit = autoCommit;
		this.layout = layout;
	}

	/**
	 * Stores {@code step} and commits it.
	 * @param what what is being done, for the message of a failure
	 * @throws StateConflictException when the step is already stored
	 * @throws BurrPersistenceException when the database fails
	 */
	void commit(StepLayout.Step step, Supplier<String> what) {
		for (int attempt = 1;; attempt++) {
			try {
				if (this.autoCommit && !TransactionSynchronizationManager.isActualTransactionActive()) {
					this.layout.insert(step);
					this.layout.committed(step);
				}
				else {
					this.transaction.executeWithoutResult((tx) -> {
						this.layout.insert(step);
						TransactionSynchronizationManager.registerSynchronization(new Outcome(step));
					});
				}
				return;
			}
			catch (DataAccessException | TransactionException ex) {
				SQLException sqlException = SqlErrors.sqlException(ex);
				this.layout.abandoned(step);
				if (sqlException != null && this.dialect.isDuplicateKey(sqlException)) {
					throw new StateConflictException(step.partitionKey(), step.appId(), step.sequenceId(), ex);
				}
				if (sqlException == null || !this.dialect.isTransient(sqlException) || attempt == SAVE_ATTEMPTS) {
					throw new BurrPersistenceException(what.get() + ": " + SqlErrors.rootMessage(ex), ex);
				}
			}
		}
	}

	/**
	 * Stores {@code steps}, of one or many apps, in one transaction: one commit for all of them. When that
	 * transaction fails for a reason other than the connection (a conflict, a value the database refuses), each
	 * step is committed on its own, so that the failure stays with its step. A lone step is {@link #commit}.
	 * @param inAppOrder whether the steps of an app follow each other (a write-behind queue): a step whose app
	 * has a lower step in the batch that failed is then not stored; otherwise (group commit) each step stands
	 * alone, as its caller's
	 * @param what what is being done with a step, for the message of its failure
	 * @return one entry per step, in order: {@code null} when committed, otherwise why not
	 */
	List<@Nullable RuntimeException> commitAll(List<StepLayout.Step> steps, boolean inAppOrder,
			Function<StepLayout.Step, String> what) {
		if (steps.size() == 1 || TransactionSynchronizationManager.isActualTransactionActive()) {
			return oneByOne(steps, inAppOrder, what);
		}
		try {
			this.transaction.executeWithoutResult((tx) -> this.layout.insertAll(steps));
		}
		catch (DataAccessException | TransactionException ex) {
			if (isConnectionFailure(ex)) {
				steps.forEach(this.layout::abandoned);
				List<@Nullable RuntimeException> failures = new ArrayList<>(steps.size());
				for (StepLayout.Step step : steps) {
					failures.add(new BurrPersistenceException(what.apply(step) + ": " + SqlErrors.rootMessage(ex), ex));
				}
				return failures;
			}
			return oneByOne(steps, inAppOrder, what);
		}
		steps.forEach(this.layout::committed);
		return Collections.nCopies(steps.size(), null);
	}

	private List<@Nullable RuntimeException> oneByOne(List<StepLayout.Step> steps, boolean inAppOrder,
			Function<StepLayout.Step, String> what) {
		List<@Nullable RuntimeException> outcomes = new ArrayList<>(steps.size());
		for (int i = 0; i < steps.size(); i++) {
			StepLayout.Step step = steps.get(i);
			RuntimeException earlier = inAppOrder ? BatchOutcomes.earlierFailure(steps, outcomes, i,
					(batched) -> new StepId(batched.partitionKey(), batched.appId(), batched.sequenceId())) : null;
			if (earlier != null) {
				this.layout.abandoned(step);
			}
			outcomes.add((earlier != null) ? earlier : outcome(step, what));
		}
		return outcomes;
	}

	private @Nullable RuntimeException outcome(StepLayout.Step step, Function<StepLayout.Step, String> what) {
		try {
			commit(step, () -> what.apply(step));
			return null;
		}
		catch (RuntimeException ex) {
			return ex;
		}
	}

	/** Whether the database could not be reached at all (SQLState class 08, or no connection to be had). */
	private static boolean isConnectionFailure(Exception ex) {
		if (ex instanceof CannotGetJdbcConnectionException || ex instanceof CannotCreateTransactionException) {
			return true;
		}
		SQLException sql = SqlErrors.sqlException(ex);
		return sql == null || sql instanceof SQLTransientConnectionException
				|| sql instanceof SQLNonTransientConnectionException
				|| (sql.getSQLState() != null && sql.getSQLState().startsWith("08"));
	}

	/** Tells the layout whether the transaction the step was inserted in, its own or the caller's, committed. */
	private final class Outcome implements TransactionSynchronization {

		private final StepLayout.Step step;

		Outcome(StepLayout.Step step) {
			this.step = step;
		}

		@Override
		public void afterCompletion(int status) {
			if (status == STATUS_COMMITTED) {
				StepCommitter.this.layout.committed(this.step);
			}
			else {
				StepCommitter.this.layout.abandoned(this.step);
			}
		}

	}

}
