package io.tillstream.centra.simulator.model;

/** Centra's {@code EventChangeType}; the simulator only emits CREATED. */
public enum EventChangeType {
    CREATED,
    UPDATED,
    DELETED,
    COMPLETED,
    DEPENDENT_DATA_CHANGED
}
