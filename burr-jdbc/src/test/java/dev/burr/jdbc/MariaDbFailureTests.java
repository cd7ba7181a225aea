package dev.burr.jdbc;

import java.util.List;

import dev.burr.jdbc.test.TestDatabase;
import dev.burr.jdbc.test.TestDatabases;

/** Failure bounds on MariaDB. */
class MariaDbFailureTests extends DatabaseFailureTests {

	@Override
	protected TestDatabase database() {
		return TestDatabases.mariadb();
	}

	@Override
	protected String urlOnLocalPort(int port) {
		return "jdbc:mariadb://127.0.0.1:" + port + "/test?user=root&connectTimeout=2000&socketTimeout=2000";
	}

	@Override
	protected List<String> lockTable(String table) {
		return List.of("LOCK TABLES " + table + " WRITE");
	}

	@Override
	protected String unlockTables() {
		return "UNLOCK TABLES";
	}

}
