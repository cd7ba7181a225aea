package dev.burr.jdbc;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

import dev.burr.core.State;
import dev.burr.persistence.AppSummary;
import dev.burr.persistence.PersistedState;
import dev.burr.persistence.StateChange;
import dev.burr.persistence.Status;
import dev.burr.persistence.delta.DeltaChain;
import dev.burr.persistence.delta.DeltaCodec;
import dev.burr.persistence.delta.DeltaPlanner;
import dev.burr.serde.StateSerde;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The delta layout: a table of its own (created by the migrations in {@code db/burr/delta/<vendor>}) holding
 * one row per step, either a snapshot of the whole state or only what the step changed, as
 * {@link DeltaPlanner} decides. Rows are read by {@link DeltaReader}, apps listed by {@link AppListing}, deletes
 * run through {@link DeltaPruning}. Only Burr for Java reads this table.
 */
final class DeltaLayout implements StepLayout {

	/** Rows read per query when every step of an app is read. */
	private static final int PAGE_SIZE = 200;

	private final JdbcClient jdbc;

	private final JdbcDatabase database;

	private final JdbcDialect dialect;

	private final DeltaStatements statements;

	private final SchemaMigrator migrator;

	private final DeltaPlanner planner;

	private final DeltaReader reader;

	private final AppListing listing;

	private final DeltaPruning pruning;

	DeltaLayout(JdbcDatabase database, JdbcDialect dialect, TableName tableName, StateSerde serde, int batchSize,
			int snapshotEvery, ClassLoader classLoader) {
		this.jdbc = database.jdbc;
		this.database = database;
		this.dialect = dialect;
		this.statements = new DeltaStatements(tableName, dialect);
		this.migrator = new SchemaMigrator(database, dialect, tableName, SchemaMigrator.DELTA_LOCATION,
				tableName.snapshotIndexName(), classLoader);
		DeltaCodec codec = new DeltaCodec(serde);
		this.planner = new DeltaPlanner(codec, snapshotEvery);
		this.reader = new DeltaReader(database, this.statements, new DeltaRowMapper(dialect), new DeltaChain(codec),
				tableName, PAGE_SIZE);
		this.listing = new AppListing(database, dialect, tableName);
		PruningStatements pruningStatements = new PruningStatements(tableName);
		this.pruning = new DeltaPruning(database, dialect, this.statements, pruningStatements,
				new StepPruning(database, dialect, pruningStatements, batchSize), this.reader, codec);
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
		DeltaPlanner.PlannedStep planned = this.planner.plan(partitionKey, appId, sequenceId, state, change);
		return new Step(partitionKey, appId, sequenceId, position, planned.data(), status, createdAt,
				planned.snapshot(), null);
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
				step.status().storedValue(), step.snapshot(), this.dialect.stateValue(step.json()),
				this.dialect.createdAtParameter(step.createdAt()) };
	}

	@Override
	public void abandoned(Step step) {
		this.planner.forget(step.partitionKey(), step.appId());
	}

	/** Loading the latest step tells the planner where the app's chain stands, so its next step can be a delta. */
	@Override
	public Optional<PersistedState> load(String partitionKey, String appId, @Nullable Long sequenceId) {
		return this.planner.loaded(partitionKey, appId, sequenceId,
				this.reader.load(partitionKey, appId, sequenceId));
	}

	@Override
	public List<PersistedState> history(String partitionKey, String appId) {
		List<PersistedState> steps = new ArrayList<>();
		forEachStep(partitionKey, appId, steps::add);
		return steps;
	}

	@Override
	public void forEachStep(String partitionKey, String appId, Consumer<PersistedState> steps) {
		this.reader.forEachStep(partitionKey, appId, steps);
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
		this.planner.forget(partitionKey, appId);
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

}
