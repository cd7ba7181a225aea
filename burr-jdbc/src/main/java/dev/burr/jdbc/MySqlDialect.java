package dev.burr.jdbc;

import java.sql.SQLException;

/** MySQL and MariaDB (InnoDB, utf8mb4): ids are VARCHAR(255) so that the keys fit InnoDB's limit. */
final class MySqlDialect extends JdbcDialect {

	private static final int ER_DUP_ENTRY = 1062;

	private static final int ER_LOCK_DEADLOCK = 1213;

	MySqlDialect() {
		super("mysql", "org.flywaydb:flyway-mysql", "MySQL", "MariaDB");
	}

	@Override
	boolean isDuplicateKey(SQLException ex) {
		return ex.getErrorCode() == ER_DUP_ENTRY;
	}

	@Override
	boolean isTransient(SQLException ex) {
		return ex.getErrorCode() == ER_LOCK_DEADLOCK || super.isTransient(ex);
	}

	@Override
	String indexCountSql(boolean qualified) {
		return """
				SELECT COUNT(*) FROM information_schema.statistics
				WHERE table_schema = %s AND table_name = ? AND index_name = ?
				""".formatted(qualified ? "?" : "DATABASE()");
	}

}
