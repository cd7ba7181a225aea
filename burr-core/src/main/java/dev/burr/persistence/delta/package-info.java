/**
 * The storage-independent part of the {@link dev.burr.persistence.StateLayout#DELTA DELTA} layout, shared by the
 * JDBC and Redis persisters: what a stored step holds ({@link DeltaCodec}), when a step is stored whole
 * ({@link DeltaPlanner}) and how a chain of stored steps becomes states again ({@link DeltaChain}).
 * <p>
 * A chain is one snapshot row (the whole state, in exactly the JSON Burr's layout stores) followed by delta rows
 * of the next sequence ids, each holding only what its step changed. A persister stores rows; it never reads one
 * to write the next.
 */
@NullMarked
package dev.burr.persistence.delta;

import org.jspecify.annotations.NullMarked;
