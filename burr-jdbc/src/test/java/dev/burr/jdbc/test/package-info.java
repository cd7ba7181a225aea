/**
 * Finds the real databases the tests run against; published in burr-jdbc's test-jar for other modules.
 */
package dev.burr.jdbc.test;
