/**
 * Auto-configuration of the JDBC persister and of its schema.
 */
@NullMarked
package dev.burr.boot.autoconfigure.jdbc;

import org.jspecify.annotations.NullMarked;
