/**
 * The JDBC state persister for PostgreSQL, SQLite, H2 and MySQL/MariaDB, with its Flyway migrations.
 * {@link dev.burr.jdbc.JdbcStatePersister} checks the arguments and hands each call to a storage layout
 * ({@code StepLayout}). Burr's layout is {@code BurrLayout} with {@code BurrStatements} (its SQL) and
 * {@code BurrRowMapper} (where a load comes from); the delta layout is {@code DeltaLayout} with
 * {@code DeltaStatements}, {@code DeltaReader} (chains of rows into steps) and {@code DeltaPruning} (which
 * keeps every kept step loadable). Both list apps with {@code AppListing} and delete with {@code StepPruning}.
 * A save goes through {@code StepCommitter} (its transaction) into the layout's insert. The {@code *Dialect} classes hold what
 * differs between the databases.
 */
@NullMarked
package dev.burr.jdbc;

import org.jspecify.annotations.NullMarked;
