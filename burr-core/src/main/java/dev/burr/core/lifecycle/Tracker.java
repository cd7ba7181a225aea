package dev.burr.core.lifecycle;

/** Records an application's run (Burr's tracking client): its graph, every step and the spans inside them. */
public interface Tracker extends PostApplicationCreateHook, PreRunStepHook, PostRunStepHook, SpanHook {

}
