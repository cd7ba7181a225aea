/**
 * Finds the real services the tests of every module run against (DESIGN.md section 7): a URL from the
 * environment, else Testcontainers when a Docker engine answers, else embedded binaries started once per test
 * JVM. {@link dev.burr.testing.services.TestServices} is the entry point.
 */
@NullMarked
package dev.burr.testing.services;

import org.jspecify.annotations.NullMarked;
