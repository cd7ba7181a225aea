package dev.burr.reliability;

/** A type registered with a serde type codec (marker {@code "registered"}) in the hostile-data tests. */
public record Registered(String name) {
}
