/**
 * Burr-UI-compatible local tracking: run logs that also serve as a state loader.
 */
@NullMarked
package dev.burr.tracking;

import org.jspecify.annotations.NullMarked;
