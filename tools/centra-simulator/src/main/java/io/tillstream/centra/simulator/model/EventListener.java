package io.tillstream.centra.simulator.model;

import java.time.Instant;
import java.util.List;

/** A subscription of the integration to changes of one object type. */
public record EventListener(EventObjectType objectType, List<EventChangeType> changeTypes, Instant createdAt,
                            Instant updatedAt) {

    public EventListener {
        changeTypes = List.copyOf(changeTypes);
    }
}
