package dev.burr.core.lifecycle;

/**
 * Marker for objects passed to {@code ApplicationBuilder.withHooks}: implement one or more of the hook
 * interfaces. A hook that throws is logged and does not stop the step or its save.
 */
public interface LifecycleHook {

}
