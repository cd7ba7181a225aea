/**
 * The Burr engine: immutable {@link dev.burr.core.State}, actions, conditions, transitions, graphs and applications.
 */
@NullMarked
package dev.burr.core;

import org.jspecify.annotations.NullMarked;
