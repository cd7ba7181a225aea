package dev.burr.jdbc;

import java.nio.file.Path;

import javax.sql.DataSource;

import dev.burr.jdbc.test.TestDatabases;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** The persister contract on an SQLite file in the delta layout. */
class SqliteDeltaStatePersisterTests extends JdbcDeltaLayoutContractTests {

	@TempDir
	static Path directory;

	private static DataSource sqlite;

	@BeforeAll
	static void openDatabase() {
		sqlite = TestDatabases.sqlite(directory.resolve("burr-delta.db"));
	}

	@Override
	protected DataSource dataSource() {
		return sqlite;
	}

}
