package io.tillstream.projector.topology;

import io.tillstream.schemas.LedgerNotice;
import io.tillstream.schemas.StockChange;
import io.tillstream.schemas.StockLevel;

/**
 * One output of the ledger: a new level (with the on-hand change if there was one), or a notice
 * about an event that was not applied as written.
 */
record LedgerUpdate(StockLevel level, StockChange change, LedgerNotice notice) {

    static LedgerUpdate of(StockLevel level, StockChange change) {
        return new LedgerUpdate(level, change, null);
    }

    static LedgerUpdate of(LedgerNotice notice) {
        return new LedgerUpdate(null, null, notice);
    }
}
