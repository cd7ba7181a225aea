package dev.burr.testing.services;

import org.jspecify.annotations.Nullable;

/**
 * A database server found for the tests.
 *
 * @param description where it came from, for messages ({@code $BURR_TEST_POSTGRES_URL}, Testcontainers, embedded)
 * @param jdbcUrl its JDBC URL
 * @param username user name, or {@code null} when the URL carries it
 * @param password password, or {@code null} when the URL carries it
 */
public record JdbcServer(String description, String jdbcUrl, @Nullable String username, @Nullable String password) {
}
