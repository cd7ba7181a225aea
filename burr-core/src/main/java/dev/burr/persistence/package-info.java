/**
 * The persistence SPI (loader, saver, persister), its errors and the in-memory persister.
 */
@NullMarked
package dev.burr.persistence;

import org.jspecify.annotations.NullMarked;
