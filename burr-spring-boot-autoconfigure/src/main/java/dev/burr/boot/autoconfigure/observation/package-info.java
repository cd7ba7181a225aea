/**
 * Micrometer observations of Burr steps and of the saves and loads of their state.
 */
@NullMarked
package dev.burr.boot.autoconfigure.observation;

import org.jspecify.annotations.NullMarked;
