/**
 * Lifecycle hooks an application calls around its creation and each step, and the tracker that builds on them.
 */
@NullMarked
package dev.burr.core.lifecycle;

import org.jspecify.annotations.NullMarked;
