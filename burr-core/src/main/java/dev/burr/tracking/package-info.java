/**
 * Burr-UI-compatible local tracking: run logs that also serve as a state loader.
 * <p>
 * {@link dev.burr.tracking.LocalTrackingClient} writes {@code {storageDir}/{project}/{appId}/graph.json},
 * {@code metadata.json}, {@code log.jsonl} and a parent's {@code children.jsonl} in the record shapes of
 * Python Burr's tracking client, so Burr's UI shows Java runs, and it loads state back from those files, Burr's
 * own included.
 */
@NullMarked
package dev.burr.tracking;

import org.jspecify.annotations.NullMarked;
