package dev.burr.tracking;

import java.nio.file.Path;
import java.util.Map;

/** Run by {@link MultiProcessAppendTests} in child JVMs: appends long JSON lines to one file. */
public final class AppendLinesMain {

	private AppendLinesMain() {
	}

	public static void main(String[] args) {
		Path file = Path.of(args[0]);
		String writer = args[1];
		int lines = Integer.parseInt(args[2]);
		String filler = writer.repeat(30_000 / writer.length());
		for (int i = 0; i < lines; i++) {
			LineAppender.append(file, TrackerFiles.MAPPER.writeValueAsBytes(Map.of("writer", writer, "i", i,
					"filler", filler)), false);
		}
	}

}
