package dev.burr.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

import dev.burr.core.State;
import dev.burr.persistence.BurrPersistenceException;
import dev.burr.persistence.PersistedState;
import dev.burr.persistence.Status;
import dev.burr.serde.StateSerde;
import dev.burr.serde.StateSerdeException;
import org.springframework.jdbc.core.RowMapper;

/**
 * Reads one row of Burr's select list into a {@link PersistedState}: where a load of Burr's table comes from.
 * A row whose state does not parse fails with a message naming the table, the app and the sequence id.
 */
final class BurrRowMapper implements RowMapper<PersistedState> {

	private final TableName tableName;

	private final JdbcDialect dialect;

	private final StateSerde serde;

	private final String partitionKey;

	BurrRowMapper(TableName tableName, JdbcDialect dialect, StateSerde serde, String partitionKey) {
		this.tableName = tableName;
		this.dialect = dialect;
		this.serde = serde;
		this.partitionKey = partitionKey;
	}

	@Override
	public PersistedState mapRow(ResultSet rs, int rowNum) throws SQLException {
		String appId = rs.getString("app_id");
		long sequenceId = rs.getLong("sequence_id");
		String json = rs.getString("state");
		State state;
		try {
			if (json == null) {
				throw new StateSerdeException("Stored state is SQL NULL");
			}
			state = this.serde.fromJson(json);
		}
		catch (StateSerdeException ex) {
			throw new BurrPersistenceException("Cannot read the state of step " + sequenceId + " of app '" + appId
					+ "' (partition key '" + this.partitionKey + "') in table '" + this.tableName + "': "
					+ ex.getMessage(), ex);
		}
		Instant createdAt = this.dialect.readCreatedAt(rs, "created_at");
		return new PersistedState(this.partitionKey, appId, sequenceId, rs.getString("position"), state,
				(createdAt != null) ? createdAt : Instant.EPOCH, Status.fromStoredValue(rs.getString("status")));
	}

}
