package io.tillstream.centra.simulator.model;

import java.time.Instant;

/**
 * An entry of the integration's event queue; it stays until confirmed.
 *
 * @param objectReference the object's id; for an order its number, as in Centra
 * @param marketId        the market of the object, for the objects that have one (orders); null for
 *                        stock changes, sizes and warehouses, and in a snapshot written before the field
 */
public record Event(int id, EventObjectType objectType, EventChangeType changeType, long objectReference,
                    Instant createdAt, Integer marketId) {

    /** The store of the event's market, so null exactly when the object has no market. */
    public Integer storeId() {
        return marketId == null ? null : Market.STORE_ID;
    }
}
