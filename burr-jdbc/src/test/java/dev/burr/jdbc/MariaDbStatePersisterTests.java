package dev.burr.jdbc;

import javax.sql.DataSource;

import dev.burr.core.State;
import dev.burr.jdbc.test.TestDatabases;
import dev.burr.persistence.Status;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The persister contract on MariaDB (the MySQL dialect). */
class MariaDbStatePersisterTests extends JdbcStateStoreContractTests {

	@Override
	protected DataSource dataSource() {
		return TestDatabases.mariadb().dataSource();
	}

	@Test
	void idsAreCaseSensitive() {
		this.store.save("pk", "App", 0, "p", State.empty(), Status.COMPLETED);
		this.store.save("pk", "app", 0, "p", State.empty(), Status.COMPLETED);
		assertThat(this.store.listAppIds("pk")).containsExactlyInAnyOrder("App", "app");
	}

}
