package dev.burr.jdbc.test;

import java.nio.file.Path;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import dev.burr.testing.services.JdbcServer;
import dev.burr.testing.services.TestServices;
import org.h2.jdbcx.JdbcDataSource;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The databases the tests run against, each with a shared pool: PostgreSQL and MariaDB as
 * {@link TestServices} finds them (a URL from the environment, else Testcontainers, else embedded binaries, else
 * a failure saying how to provide one; never a silent skip), SQLite and H2 in-process.
 */
public final class TestDatabases {

	/** Environment variable with the JDBC URL of a PostgreSQL database for the tests. */
	public static final String POSTGRES_URL = TestServices.POSTGRES_URL;

	/** Environment variable with the JDBC URL of a MariaDB (or MySQL) database for the tests. */
	public static final String MARIADB_URL = TestServices.MARIADB_URL;

	private static final ConcurrentHashMap<String, TestDatabase> POOLS = new ConcurrentHashMap<>();

	private static final AtomicInteger TABLES = new AtomicInteger();

	private static final String RUN = UUID.randomUUID().toString().substring(0, 6);

	private TestDatabases() {
	}

	/** The PostgreSQL database for the tests. */
	public static TestDatabase postgres() {
		return POOLS.computeIfAbsent("postgres", k -> pooled(TestServices.postgres()));
	}

	/** The MariaDB database for the tests. */
	public static TestDatabase mariadb() {
		return POOLS.computeIfAbsent("mariadb", k -> pooled(TestServices.mariadb()));
	}

	/** An SQLite database in {@code file}, waiting up to 10 s for a lock as concurrent writers need. */
	public static DataSource sqlite(Path file) {
		SQLiteConfig config = new SQLiteConfig();
		config.setBusyTimeout(10_000);
		config.setJournalMode(SQLiteConfig.JournalMode.WAL);
		SQLiteDataSource dataSource = new SQLiteDataSource(config);
		dataSource.setUrl("jdbc:sqlite:" + file.toAbsolutePath());
		return dataSource;
	}

	/** A named in-memory H2 database that lives as long as the JVM. */
	public static DataSource h2(String name) {
		JdbcDataSource dataSource = new JdbcDataSource();
		dataSource.setURL("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1");
		return dataSource;
	}

	/** A table name no other test of this run uses. */
	public static String uniqueTableName(String prefix) {
		return (prefix + "_" + RUN + "_" + TABLES.incrementAndGet()).toLowerCase(Locale.ROOT);
	}

	private static TestDatabase pooled(JdbcServer server) {
		return TestDatabase.of(server.description(), server.jdbcUrl(), server.username(), server.password());
	}

}
