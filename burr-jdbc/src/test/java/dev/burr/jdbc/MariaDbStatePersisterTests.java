package dev.burr.jdbc;

import javax.sql.DataSource;

import dev.burr.jdbc.test.TestDatabases;
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
		this.store.save("pk", "App", 0, "p", dev.burr.core.State.empty(), dev.burr.persistence.Status.COMPLETED);
		this.store.save("pk", "app", 0, "p", dev.burr.core.State.empty(), dev.burr.persistence.Status.COMPLETED);
		assertThat(this.store.listAppIds("pk")).containsExactlyInAnyOrder("App", "app");
	}

}
