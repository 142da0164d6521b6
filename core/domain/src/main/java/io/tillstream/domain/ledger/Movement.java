package io.tillstream.domain.ledger;

import java.time.Instant;

/**
 * One effect of one event on one (location, SKU), already decoded from the POS vocabulary.
 *
 * @param eventId  the transaction, adjustment or stocktake that caused it
 * @param reason   what the cause was, for the change log (SALE, RETURN, ADJUSTMENT:RECEIVED, STOCKTAKE, ...)
 * @param quantity units; signed for {@link Effect#ON_HAND}, a count for {@link Effect#COUNT}, else positive
 */
public record Movement(String locationId, String sku, Effect effect, int quantity, String eventId, String reason,
                       Instant occurredAt) {

    /** How a movement changes a position. */
    public enum Effect {
        /** Signed change of on-hand: sales (−), restocked returns (+), deliveries, transfers, shrinkage. */
        ON_HAND,
        /** A returned unit held for inspection: not sellable yet. */
        TO_INSPECTION,
        /** Inspected units found sellable. */
        INSPECTION_TO_ON_HAND,
        /** Inspected units written off. */
        INSPECTION_WRITTEN_OFF,
        /** A stocktake: on-hand becomes the count. */
        COUNT,
        /** Recorded, no stock effect (a returned unit written off at the till). */
        NONE
    }
}
