/**
 * The Redis state persister on Spring Data Redis: {@link dev.burr.redis.RedisStatePersister} checks arguments
 * and names failures, a {@link dev.burr.redis.RedisLayout} keeps the steps: {@link dev.burr.redis.BurrLayout}
 * in Burr's key layout, {@link dev.burr.redis.DeltaLayout} in the delta layout's keys.
 */
@NullMarked
package dev.burr.redis;

import org.jspecify.annotations.NullMarked;
