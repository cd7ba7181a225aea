package dev.burr.persistence;

/** Both sides of persistence: what {@code withStatePersister} and {@code initializeFrom} take. */
public interface StatePersister extends StateLoader, StateSaver {

}
