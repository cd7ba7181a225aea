package dev.burr.jdbc;

import java.sql.Connection;
import java.time.Duration;
import java.util.List;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.support.SQLExceptionSubclassTranslator;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The database behind one persister: its {@link DataSource}, statements that carry the query timeout, and
 * short transactions. It connects only when asked what the database is.
 */
final class JdbcDatabase {

	final DataSource dataSource;

	final JdbcClient jdbc;

	final TransactionTemplate transaction;

	private final JdbcTemplate jdbcTemplate;

	JdbcDatabase(DataSource dataSource, Duration queryTimeout) {
		this.dataSource = dataSource;
		this.jdbcTemplate = new JdbcTemplate(dataSource);
		this.jdbcTemplate.setExceptionTranslator(new SQLExceptionSubclassTranslator());
		long seconds = (queryTimeout.toMillis() + 999) / 1000;
		this.jdbcTemplate.setQueryTimeout((int) Math.min(Integer.MAX_VALUE, Math.max(1, seconds)));
		this.jdbc = JdbcClient.create(this.jdbcTemplate);
		this.transaction = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
	}

	/**
	 * Runs {@code sql} once per argument array as one JDBC batch (one round trip where the driver allows), in
	 * the caller's transaction.
	 */
	void batch(String sql, List<Object[]> arguments) {
		this.jdbcTemplate.batchUpdate(sql, arguments);
	}

	/** What one connection tells about the database: its product name and whether the pool auto-commits. */
	Connected connect() {
		return this.jdbcTemplate.execute((Connection connection) -> new Connected(
				connection.getMetaData().getDatabaseProductName(), connection.getAutoCommit()));
	}

	/**
	 * The database's {@code DatabaseMetaData} product name, and whether the pool's connections commit each
	 * statement (then a save is one INSERT, with no separate COMMIT round trip).
	 */
	record Connected(@Nullable String productName, boolean autoCommit) {
	}

}
