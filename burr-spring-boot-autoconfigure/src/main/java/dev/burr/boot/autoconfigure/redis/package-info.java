/**
 * Auto-configuration of the Redis persister.
 */
@NullMarked
package dev.burr.boot.autoconfigure.redis;

import org.jspecify.annotations.NullMarked;
