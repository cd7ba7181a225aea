/**
 * Actuator support for Burr: the {@code burr} endpoint and health indicator.
 */
@NullMarked
package dev.burr.boot.autoconfigure.actuate;

import org.jspecify.annotations.NullMarked;
