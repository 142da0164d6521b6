package io.tillstream.centra.simulator.model;

import java.time.Instant;

/** An entry of the integration's event queue; it stays until confirmed. */
public record Event(int id, EventObjectType objectType, EventChangeType changeType, long objectReference,
                    Instant createdAt) {
}
