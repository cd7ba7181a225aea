package dev.burr.sample.chatbot;

import java.sql.DatabaseMetaData;
import java.util.Locale;
import java.util.Optional;

import org.springframework.data.jdbc.core.dialect.DialectResolver;
import org.springframework.data.jdbc.core.dialect.JdbcArrayColumns;
import org.springframework.data.jdbc.core.dialect.JdbcDialect;
import org.springframework.data.relational.core.dialect.AnsiDialect;
import org.springframework.data.relational.core.dialect.Dialect;
import org.springframework.data.relational.core.dialect.LimitClause;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcOperations;

/**
 * Spring Data JDBC knows no SQLite dialect; this one (ANSI SQL with SQLite's {@code LIMIT ... OFFSET}) is found
 * through {@code META-INF/spring.factories}.
 */
public final class SqliteDialectProvider implements DialectResolver.JdbcDialectProvider {

	@Override
	public Optional<Dialect> getDialect(JdbcOperations operations) {
		return Optional.ofNullable(operations.execute((ConnectionCallback<Dialect>) connection -> {
			DatabaseMetaData metaData = connection.getMetaData();
			String product = metaData.getDatabaseProductName();
			return (product != null && product.toLowerCase(Locale.ROOT).contains("sqlite")) ? SqliteDialect.INSTANCE
					: null;
		}));
	}

	/** ANSI SQL as SQLite speaks it. */
	static final class SqliteDialect extends AnsiDialect implements JdbcDialect {

		static final SqliteDialect INSTANCE = new SqliteDialect();

		private static final LimitClause LIMIT = new LimitClause() {

			@Override
			public String getLimit(long limit) {
				return "LIMIT " + limit;
			}

			@Override
			public String getOffset(long offset) {
				return "LIMIT -1 OFFSET " + offset;
			}

			@Override
			public String getLimitOffset(long limit, long offset) {
				return "LIMIT " + limit + " OFFSET " + offset;
			}

			@Override
			public Position getClausePosition() {
				return Position.AFTER_ORDER_BY;
			}

		};

		@Override
		public LimitClause limit() {
			return LIMIT;
		}

		@Override
		public JdbcArrayColumns getArraySupport() {
			return JdbcArrayColumns.Unsupported.INSTANCE;
		}

	}

}
