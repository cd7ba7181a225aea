/**
 * Turns {@link dev.burr.core.State} into Burr-compatible JSON and back, with typed fields and marker-based type codecs.
 */
@NullMarked
package dev.burr.serde;

import org.jspecify.annotations.NullMarked;
