package dev.burr.jdbc;

import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

import dev.burr.persistence.Status;
import dev.burr.persistence.delta.DeltaRow;
import org.springframework.jdbc.core.RowMapper;

/** Reads one row of {@link DeltaStatements#COLUMNS} into a {@link DeltaRow}, for a {@code DeltaChain}. */
final class DeltaRowMapper implements RowMapper<DeltaRow> {

	private final JdbcDialect dialect;

	DeltaRowMapper(JdbcDialect dialect) {
		this.dialect = dialect;
	}

	@Override
	public DeltaRow mapRow(ResultSet rs, int rowNum) throws SQLException {
		String data = rs.getString("data");
		Instant createdAt = this.dialect.readCreatedAt(rs, "created_at");
		return new DeltaRow(rs.getLong("sequence_id"), rs.getString("position"),
				Status.fromStoredValue(rs.getString("status")), (createdAt != null) ? createdAt : Instant.EPOCH,
				rs.getBoolean("snapshot"), (data != null) ? data.getBytes(StandardCharsets.UTF_8) : new byte[0]);
	}

}
