package dev.burr.jdbc;

import java.sql.SQLException;
import java.util.function.Supplier;

import dev.burr.persistence.BurrPersistenceException;
import dev.burr.persistence.StateConflictException;
import org.springframework.dao.DataAccessException;
import org.springframework.transaction.TransactionException;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Where a save goes: commits one step through its layout's insert, then tells the layout whether it committed. On a pool that auto-commits and outside a
 * Spring-managed transaction that is one statement; otherwise a short transaction of its own, which joins a
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
