package io.tillstream.local.audit;

import java.util.List;

/**
 * What the pipeline says of one size at one location: the ledger's on-hand ({@code stock.levels.v1}),
 * its latest change ({@code stock.changes.v1}) and what the sink last journalled as in Centra
 * ({@code centra.sync-receipts.v1}, CONFIRMED or FAILED).
 *
 * @param onHand            null when the ledger has no level for it (only changes or receipts)
 * @param latestSequence    0 when no change is retained
 * @param confirmedSequence 0 when the sink journalled nothing for it
 * @param correcting        a correction (an audit's or a re-drive's) is written but not journalled yet
 */
public record LedgerState(String locationId, String sku, Integer onHand, long latestSequence,
                          long confirmedSequence, String lastMutation, List<String> causes, boolean correcting) {

    /** Changes or a correction on their way to Centra: an audit judges the size once they are there. */
    public boolean inFlight() {
        return latestSequence > confirmedSequence || correcting;
    }
}
