package dev.burr.jdbc;

import javax.sql.DataSource;

import dev.burr.jdbc.test.TestDatabases;

/** The persister contract on H2 in the delta layout. */
class H2DeltaStatePersisterTests extends JdbcDeltaLayoutContractTests {

	private static final DataSource H2 = TestDatabases.h2("burr_delta_contract");

	@Override
	protected DataSource dataSource() {
		return H2;
	}

	@Override
	protected String flywayName(String name) {
		return "\"" + name + "\"";
	}

}
