package dev.burr.sample.chatbot;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.context.ApplicationListener;

/** Creates the folder of the SQLite file ({@code ./data} by default) before the data source opens it. */
public final class SqliteDirectoryCreator implements ApplicationListener<ApplicationEnvironmentPreparedEvent> {

	private static final String PREFIX = "jdbc:sqlite:";

	@Override
	public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
		String url = event.getEnvironment().getProperty("spring.datasource.url");
		if (url == null || !url.startsWith(PREFIX)) {
			return;
		}
		String file = url.substring(PREFIX.length());
		int query = file.indexOf('?');
		file = (query >= 0) ? file.substring(0, query) : file;
		if (file.isEmpty() || file.startsWith(":memory:") || file.startsWith("file:")) {
			return;
		}
		Path parent = Path.of(file).toAbsolutePath().getParent();
		try {
			Files.createDirectories(parent);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot create the folder of the SQLite database " + parent, ex);
		}
	}

}
