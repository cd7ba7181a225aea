package dev.burr.jdbc;

import java.nio.file.Path;

import javax.sql.DataSource;

import dev.burr.jdbc.test.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The table name is validated when the persister is built, before any connection. */
class TableNameTests {

	private final DataSource neverConnected = TestDatabases.h2("never_used");

	@ParameterizedTest
	@ValueSource(strings = { "burr;state", "burr_state; DROP TABLE users", "burr state", "\"burr\"", "'burr'",
			"burr`state", "a.b.c", "1burr", "", ".burr", "burr.", "burr-state",
			"burr_state_with_a_name_longer_than_forty_c" })
	void invalidNamesAreRefusedNamingTheProperty(String name) {
		assertThatThrownBy(() -> JdbcStatePersister.builder(this.neverConnected).tableName(name))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("burr.persistence.jdbc.table-name")
			.hasMessageContaining("'" + name + "'");
	}

	@ParameterizedTest
	@ValueSource(strings = { "burr_state", "Burr_State", "_burr", "app.burr_state", "burr2" })
	void identifiersAndSchemaQualifiedIdentifiersAreAccepted(String name) {
		assertThat(JdbcStatePersister.builder(this.neverConnected).tableName(name).build().getTableName())
			.isEqualTo(name);
	}

	@Test
	void buildingDoesNotConnect() {
		DataSource unusable = TestDatabases.sqlite(Path.of("/nonexistent/dir/burr.db"));
		assertThat(JdbcStatePersister.builder(unusable).build().getTableName()).isEqualTo("burr_state");
	}

	@Test
	void sqliteRefusesASchemaQualifiedNameOnFirstUse(@TempDir Path dir) {
		JdbcStatePersister persister = JdbcStatePersister.builder(TestDatabases.sqlite(dir.resolve("q.db")))
			.tableName("main.burr_state")
			.build();
		assertThatThrownBy(persister::initialize).isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("cannot be schema-qualified");
	}

	@Test
	void nulEscapesAreFoundOnlyWhenTheyAreEscapes() {
		assertThat(containsNul("{\"a\":\"x\\u0000y\"}")).isTrue();
		assertThat(containsNul("{\"a\":\"x\\\\u0000y\"}")).isFalse();
		assertThat(containsNul("{\"a\":\"x\\\\\\u0000y\"}")).isTrue();
		assertThat(containsNul("{\"a\":\"\\u00001\"}")).isTrue();
		assertThat(containsNul("{\"a\":\"\\u0001\"}")).isFalse();
		assertThat(containsNul("{\"a\":\"x\u0000\"}")).isTrue();
	}

	private static boolean containsNul(String json) {
		return JsonText.containsNul(json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
	}

}
