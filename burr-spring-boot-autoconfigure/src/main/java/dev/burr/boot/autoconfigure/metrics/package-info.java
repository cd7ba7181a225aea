/**
 * Micrometer meters of the persister's write-behind queue, which stores the steps of {@code async} applications.
 */
@NullMarked
package dev.burr.boot.autoconfigure.metrics;

import org.jspecify.annotations.NullMarked;
