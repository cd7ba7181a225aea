package dev.burr.jdbc;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import dev.burr.core.State;
import dev.burr.persistence.AppSummary;
import dev.burr.persistence.PersistedState;
import dev.burr.persistence.StateChange;
import dev.burr.persistence.Status;
import dev.burr.serde.StateSerde;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Burr's layout: Burr's own table, one row per step holding the whole state, so that Burr and Burr for Java
 * read each other's rows. A save is one insert, a load one select on the unique step index; the SQL is
 * {@link BurrStatements}, a row is read by {@link BurrRowMapper}, the table is created by the migrations in
 * {@code db/burr/migration/<vendor>}, apps are listed by {@link AppListing} and deletes run through
 * {@link StepPruning}.
 */
final class BurrLayout implements StepLayout {

	private final JdbcClient jdbc;

	private final JdbcDatabase database;

	private final TableName tableName;

	private final JdbcDialect dialect;

	private final StateSerde serde;

	private final BurrStatements statements;

	private final SchemaMigrator migrator;

	private final AppListing listing;

	private final StepPruning pruning;

	BurrLayout(JdbcDatabase database, JdbcDialect dialect, TableName tableName, StateSerde serde, int batchSize,
			ClassLoader classLoader) {
		this.jdbc = database.jdbc;
		this.database = database;
		this.tableName = tableName;
		this.dialect = dialect;
		this.serde = serde;
		this.statements = new BurrStatements(tableName, dialect);
		this.migrator = new SchemaMigrator(database, dialect, tableName, SchemaMigrator.BURR_LOCATION,
				tableName.stepIndexName(), classLoader);
		this.listing = new AppListing(database, dialect, tableName);
		this.pruning = new StepPruning(database, dialect, new PruningStatements(tableName), batchSize);
	}

	@Override
	public void initialize() {
		this.migrator.migrate();
	}

	@Override
	public boolean isInitialized() {
		return this.migrator.isMigrated();
	}

	@Override
	public Step encode(String partitionKey, String appId, long sequenceId, String position, State state,
			Status status, StateChange change, Instant createdAt) {
		return new Step(partitionKey, appId, sequenceId, position, this.serde.toJsonBytes(state), status, createdAt,
				true, null);
	}

	@Override
	public void insert(Step step) {
		this.jdbc.sql(this.statements.insert).params(parameters(step)).update();
	}

	@Override
	public void insertAll(List<Step> steps) {
		this.database.batch(this.statements.insert, steps.stream().map(this::parameters).toList());
	}

	private Object[] parameters(Step step) {
		return new Object[] { step.partitionKey(), step.appId(), step.sequenceId(), step.position(),
				this.dialect.stateValue(step.json()), step.status().storedValue(),
				this.dialect.createdAtParameter(step.createdAt()) };
	}

	@Override
	public Optional<PersistedState> load(String partitionKey, String appId, @Nullable Long sequenceId) {
		BurrRowMapper mapper = mapper(partitionKey);
		if (sequenceId == null) {
			return this.jdbc.sql(this.statements.loadLatest).params(partitionKey, appId).query(mapper).optional();
		}
		return this.jdbc.sql(this.statements.loadExact)
			.params(partitionKey, appId, sequenceId)
			.query(mapper)
			.optional();
	}

	@Override
	public List<PersistedState> history(String partitionKey, String appId) {
		return this.jdbc.sql(this.statements.history).params(partitionKey, appId).query(mapper(partitionKey)).list();
	}

	@Override
	public List<String> listAppIds(String partitionKey) {
		return this.listing.appIds(partitionKey);
	}

	@Override
	public List<AppSummary> listApps(String partitionKey, int offset, int limit) {
		return this.listing.page(partitionKey, offset, limit);
	}

	@Override
	public int deleteApp(String partitionKey, String appId) {
		return this.pruning.deleteApp(partitionKey, appId);
	}

	@Override
	public int pruneKeepLast(String partitionKey, String appId, int keepLast) {
		return this.pruning.pruneKeepLast(partitionKey, appId, keepLast);
	}

	@Override
	public int pruneOlderThan(String partitionKey, String appId, Instant cutoff) {
		return this.pruning.pruneOlderThan(partitionKey, appId, cutoff);
	}

	private BurrRowMapper mapper(String partitionKey) {
		return new BurrRowMapper(this.tableName, this.dialect, this.serde, partitionKey);
	}

}
