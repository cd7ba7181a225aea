package dev.burr.jdbc;

import java.util.List;

import dev.burr.persistence.BurrPersistenceException;

/** The supported databases, and the dialect of one, found by its {@code DatabaseMetaData} product name. */
final class JdbcDialects {

	private static final List<JdbcDialect> DIALECTS = List.of(new PostgresDialect(), new SqliteDialect(),
			new H2Dialect(), new MySqlDialect());

	private JdbcDialects() {
	}

	/**
	 * The dialect of the database named {@code productName}, checked against the table name.
	 * @throws BurrPersistenceException when no dialect supports that database
	 * @throws IllegalArgumentException when the database cannot use the table name
	 */
	static JdbcDialect forProduct(String productName, TableName tableName) {
		JdbcDialect dialect = DIALECTS.stream()
			.filter((candidate) -> candidate.supports(productName))
			.findFirst()
			.orElseThrow(() -> new BurrPersistenceException("Burr table '" + tableName + "': unsupported database '"
					+ productName + "'; supported are PostgreSQL, SQLite, H2, MySQL and MariaDB"));
		dialect.checkTableName(tableName);
		return dialect;
	}

}
