/**
 * Test support shared by every module through burr-core's test-jar.
 */
@NullMarked
package dev.burr.testing;

import org.jspecify.annotations.NullMarked;
