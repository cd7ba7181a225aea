package dev.burr.jdbc.test;

import java.util.function.Consumer;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/**
 * A database server found for the tests, with a shared pool. {@link #newPool} gives a pool of one's own, for
 * tests that close it or change its timeouts.
 *
 * @param description where the server came from, for messages
 * @param jdbcUrl its JDBC URL
 * @param username user name, or {@code null} when the URL carries it
 * @param password password, or {@code null} when the URL carries it
 * @param dataSource the shared pool; never close it
 */
public record TestDatabase(String description, String jdbcUrl, String username, String password,
		DataSource dataSource) {

	static TestDatabase of(String description, String jdbcUrl, String username, String password) {
		return new TestDatabase(description, jdbcUrl, username, password, pool(jdbcUrl, username, password, c -> {
		}));
	}

	/** A new pool on this database, customized; the caller closes it. */
	public HikariDataSource newPool(Consumer<HikariConfig> customizer) {
		return pool(this.jdbcUrl, this.username, this.password, customizer);
	}

	private static HikariDataSource pool(String url, String username, String password,
			Consumer<HikariConfig> customizer) {
		HikariConfig config = new HikariConfig();
		config.setJdbcUrl(url);
		if (username != null) {
			config.setUsername(username);
		}
		if (password != null) {
			config.setPassword(password);
		}
		config.setMaximumPoolSize(10);
		config.setConnectionTimeout(10_000);
		customizer.accept(config);
		return new HikariDataSource(config);
	}

}
