package dev.burr.jdbc;

import java.sql.SQLException;

import org.jspecify.annotations.Nullable;

/** Finds what the driver reported inside the exceptions Spring wraps it in. */
final class SqlErrors {

	private SqlErrors() {
	}

	/** The first {@link SQLException} in the cause chain of {@code ex}, or {@code null}. */
	static @Nullable SQLException sqlException(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof SQLException sql) {
				return sql;
			}
		}
		return null;
	}

	/** The message of the innermost cause of {@code ex}, or its class name when it has none. */
	static String rootMessage(Throwable ex) {
		Throwable root = ex;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		return (root.getMessage() != null) ? root.getMessage() : root.getClass().getName();
	}

}
