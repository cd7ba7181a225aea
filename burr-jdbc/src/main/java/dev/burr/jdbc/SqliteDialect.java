package dev.burr.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;

import org.jspecify.annotations.Nullable;

/**
 * SQLite, the embedded default: Burr's table with {@code state} as TEXT. {@code created_at} holds UTC text,
 * {@code YYYY-MM-DD HH:MM:SS} as Burr's default writes it, with microseconds when Burr for Java writes it, so
 * that both sort together.
 */
final class SqliteDialect extends JdbcDialect {

	private static final DateTimeFormatter WRITE_FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");

	private static final DateTimeFormatter READ_FORMAT = new DateTimeFormatterBuilder()
		.append(DateTimeFormatter.ISO_LOCAL_DATE)
		.optionalStart()
		.appendLiteral(' ')
		.optionalEnd()
		.optionalStart()
		.appendLiteral('T')
		.optionalEnd()
		.appendValue(ChronoField.HOUR_OF_DAY, 2)
		.appendLiteral(':')
		.appendValue(ChronoField.MINUTE_OF_HOUR, 2)
		.optionalStart()
		.appendLiteral(':')
		.appendValue(ChronoField.SECOND_OF_MINUTE, 2)
		.optionalStart()
		.appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true)
		.optionalEnd()
		.optionalEnd()
		.optionalStart()
		.appendLiteral('Z')
		.optionalEnd()
		.toFormatter();

	SqliteDialect() {
		super("sqlite", null, "SQLite");
	}

	@Override
	boolean isDuplicateKey(SQLException ex) {
		String message = String.valueOf(ex.getMessage());
		return message.contains("SQLITE_CONSTRAINT_PRIMARYKEY") || message.contains("SQLITE_CONSTRAINT_UNIQUE")
				|| message.contains("UNIQUE constraint failed");
	}

	@Override
	String indexCountSql(boolean qualified) {
		return """
				SELECT COUNT(*) FROM sqlite_master
				WHERE type = 'index' AND tbl_name = ? COLLATE NOCASE AND name = ? COLLATE NOCASE
				""";
	}

	@Override
	void checkTableName(TableName tableName) {
		if (tableName.schema() != null) {
			throw new IllegalArgumentException("Invalid Burr table name (tableName, burr.persistence.jdbc.table-name) '"
					+ tableName + "': SQLite tables cannot be schema-qualified here; use a plain table name.");
		}
	}

	@Override
	String stateParameter() {
		return "CAST(? AS TEXT)";
	}

	@Override
	Object stateValue(byte[] json) {
		return json;
	}

	@Override
	Object createdAtParameter(Instant instant) {
		return WRITE_FORMAT.format(LocalDateTime.ofInstant(instant, ZoneOffset.UTC));
	}

	@Override
	@Nullable Instant readCreatedAt(ResultSet rs, String column) throws SQLException {
		String text = rs.getString(column);
		if (text == null || text.isBlank()) {
			return null;
		}
		try {
			return LocalDateTime.parse(text.trim(), READ_FORMAT).toInstant(ZoneOffset.UTC);
		}
		catch (DateTimeParseException ex) {
			try {
				return Instant.ofEpochMilli(Long.parseLong(text.trim()));
			}
			catch (NumberFormatException notMillis) {
				throw new SQLException("created_at '" + text + "' is neither 'YYYY-MM-DD HH:MM:SS[.ffffff]' UTC text "
						+ "nor epoch milliseconds", ex);
			}
		}
	}

	/** One: SQLite has one writer at a time, so a second batch would only wait for the lock. */
	@Override
	int groupCommitsInFlight() {
		return 1;
	}

}
