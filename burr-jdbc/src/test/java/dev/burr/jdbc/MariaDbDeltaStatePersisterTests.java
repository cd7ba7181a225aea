package dev.burr.jdbc;

import javax.sql.DataSource;

import dev.burr.jdbc.test.TestDatabases;

/** The persister contract on MariaDB in the delta layout. */
class MariaDbDeltaStatePersisterTests extends JdbcDeltaLayoutContractTests {

	@Override
	protected DataSource dataSource() {
		return TestDatabases.mariadb().dataSource();
	}

}
