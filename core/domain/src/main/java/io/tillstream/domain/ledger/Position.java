package io.tillstream.domain.ledger;

import java.time.Instant;

/**
 * The ledger of one SKU at one location.
 *
 * @param onHand            units physically sellable; negative when the till sold what the ledger did not know
 * @param pendingInspection returned units held for inspection, not sellable
 * @param version           bumps on every change of this key
 * @param sequence          bumps on every change of on-hand, gap-free: the stock.changes.v1 sequence
 * @param asOf              event time of the last movement applied
 * @param lastCountedAt     event time of the latest stocktake applied, {@code null} if never counted
 */
public record Position(int onHand, int pendingInspection, long version, long sequence, Instant asOf,
                       Instant lastCountedAt) {

    public static final Position EMPTY = new Position(0, 0, 0, 0, Instant.EPOCH, null);

    /** True when a stocktake at or after {@code occurredAt} already counted what happened then. */
    public boolean countedSince(Instant occurredAt) {
        return lastCountedAt != null && !occurredAt.isAfter(lastCountedAt);
    }
}
