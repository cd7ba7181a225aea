package dev.burr.jdbc;

import java.util.List;

import dev.burr.jdbc.test.TestDatabase;
import dev.burr.jdbc.test.TestDatabases;

/** Failure bounds on PostgreSQL. */
class PostgresFailureTests extends DatabaseFailureTests {

	@Override
	protected TestDatabase database() {
		return TestDatabases.postgres();
	}

	@Override
	protected String urlOnLocalPort(int port) {
		return "jdbc:postgresql://127.0.0.1:" + port + "/test?user=postgres&loginTimeout=2&socketTimeout=2";
	}

	@Override
	protected List<String> lockTable(String table) {
		return List.of("LOCK TABLE " + table + " IN ACCESS EXCLUSIVE MODE");
	}

}
