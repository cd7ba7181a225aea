package dev.burr.jdbc;

import javax.sql.DataSource;

import dev.burr.jdbc.test.TestDatabases;

/** The persister contract on PostgreSQL in the delta layout. */
class PostgresDeltaStatePersisterTests extends JdbcDeltaLayoutContractTests {

	@Override
	protected DataSource dataSource() {
		return TestDatabases.postgres().dataSource();
	}

	@Override
	protected boolean storesNulInState() {
		return false;
	}

	@Override
	protected String stateParameter() {
		return "CAST(? AS JSONB)";
	}

	@Override
	protected String invalidState() {
		return "[1, 2]";
	}

}
