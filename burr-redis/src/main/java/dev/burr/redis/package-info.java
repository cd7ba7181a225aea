/**
 * The Redis state persister, in Burr's key layout, on Spring Data Redis.
 */
@NullMarked
package dev.burr.redis;

import org.jspecify.annotations.NullMarked;
