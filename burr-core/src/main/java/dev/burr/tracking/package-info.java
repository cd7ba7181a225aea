/**
 * Burr-UI-compatible local tracking: run logs that also serve as a state loader.
 * <p>
 * {@link dev.burr.tracking.LocalTrackingClient} writes {@code {storageDir}/{project}/{appId}/graph.json},
 * {@code metadata.json}, {@code log.jsonl} and a parent's {@code children.jsonl} in the record shapes of
 * Python Burr's tracking client, so Burr's UI shows Java runs, and it loads state back from those files, Burr's
 * own included.
 * <p>
 * Behind that one object: {@code TrackerLayout} defines Burr's directory layout and id rules,
 * {@code TrackerWriter} writes a run there (whole files through {@code AtomicFiles}, lines through
 * {@code LineAppender}, shaped by {@code Records}), and {@code TrackerLoader} loads state and lists applications
 * from it through {@code LogReader}.
 */
@NullMarked
package dev.burr.tracking;

import org.jspecify.annotations.NullMarked;
