package io.tillstream.projector.ledger;

import java.time.Instant;

/**
 * The ledger of one SKU at one location.
 *
 * @param onHand            units physically sellable; negative when the till sold what the ledger did not know
 * @param pendingInspection returned units held for inspection, not sellable
 * @param version           bumps on every change of this key
 * @param sequence          bumps on every change of on-hand, gap-free: the stock.changes.v1 sequence
 * @param asOf              event time of the last movement applied
 */
public record Position(int onHand, int pendingInspection, long version, long sequence, Instant asOf) {

    public static final Position EMPTY = new Position(0, 0, 0, 0, Instant.EPOCH);
}
