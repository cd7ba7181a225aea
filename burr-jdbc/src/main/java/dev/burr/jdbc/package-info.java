/**
 * The JDBC state persister for PostgreSQL, SQLite, H2 and MySQL/MariaDB, with its Flyway migrations.
 */
@NullMarked
package dev.burr.jdbc;

import org.jspecify.annotations.NullMarked;
