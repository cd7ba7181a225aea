package dev.burr.jdbc;

import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.function.Consumer;

import dev.burr.persistence.PersistedState;
import dev.burr.persistence.delta.DeltaChain;
import dev.burr.persistence.delta.DeltaRow;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Reads the delta layout's table: one step through its chain in one query, or every step of an app in pages of
 * rows so that no connection is held while the caller handles the steps. A broken chain or a row that does not
 * load fails naming the table, the app and the sequence id ({@link DeltaChain}).
 */
final class DeltaReader {

	private final JdbcClient jdbc;

	private final DeltaStatements statements;

	private final DeltaRowMapper mapper;

	private final DeltaChain chain;

	private final String where;

	private final int pageSize;

	DeltaReader(JdbcDatabase database, DeltaStatements statements, DeltaRowMapper mapper, DeltaChain chain,
			TableName tableName, int pageSize) {
		this.jdbc = database.jdbc;
		this.statements = statements;
		this.mapper = mapper;
		this.chain = chain;
		this.where = "table '" + tableName + "'";
		this.pageSize = pageSize;
	}

	/** Step {@code sequenceId} of an app, or its latest when {@code null}, with where its chain stands. */
	Optional<DeltaChain.Loaded> load(String partitionKey, String appId, @Nullable Long sequenceId) {
		JdbcClient.StatementSpec query = (sequenceId == null)
				? this.jdbc.sql(this.statements.chainToLatest)
					.params(partitionKey, appId, partitionKey, appId, true, Long.MIN_VALUE)
				: this.jdbc.sql(this.statements.chainToStep)
					.params(partitionKey, appId, sequenceId, partitionKey, appId, true, sequenceId, Long.MIN_VALUE);
		List<DeltaRow> rows = query.query(this.mapper).list();
		return this.chain.last(this.where, partitionKey, appId, sequenceId, rows);
	}

	/** Every step of an app, oldest first. */
	void forEachStep(String partitionKey, String appId, Consumer<PersistedState> steps) {
		this.chain.replay(this.where, partitionKey, appId, new Pages(partitionKey, appId), steps);
	}

	/** An app's rows in ascending order, one query per page. */
	private final class Pages implements Iterator<DeltaRow> {

		private final String partitionKey;

		private final String appId;

		private Iterator<DeltaRow> page = List.<DeltaRow>of().iterator();

		private long after = Long.MIN_VALUE;

		private boolean lastPage;

		Pages(String partitionKey, String appId) {
			this.partitionKey = partitionKey;
			this.appId = appId;
		}

		@Override
		public boolean hasNext() {
			if (!this.page.hasNext() && !this.lastPage) {
				List<DeltaRow> rows = DeltaReader.this.jdbc.sql(DeltaReader.this.statements.page)
					.params(this.partitionKey, this.appId, this.after, DeltaReader.this.pageSize)
					.query(DeltaReader.this.mapper)
					.list();
				this.lastPage = rows.size() < DeltaReader.this.pageSize;
				this.page = rows.iterator();
			}
			return this.page.hasNext();
		}

		@Override
		public DeltaRow next() {
			if (!hasNext()) {
				throw new NoSuchElementException();
			}
			DeltaRow row = this.page.next();
			this.after = row.sequenceId();
			return row;
		}

	}

}
