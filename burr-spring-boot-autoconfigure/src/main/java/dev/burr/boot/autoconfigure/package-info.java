/**
 * Auto-configuration for Burr: properties, persister, serde and application builder.
 */
@NullMarked
package dev.burr.boot.autoconfigure;

import org.jspecify.annotations.NullMarked;
