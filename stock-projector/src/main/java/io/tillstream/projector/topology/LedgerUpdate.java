package io.tillstream.projector.topology;

import io.tillstream.schemas.StockChange;
import io.tillstream.schemas.StockLevel;

/** What one event did to one (location, SKU): the new level, and the on-hand change if there was one. */
record LedgerUpdate(StockLevel level, StockChange change) {
}
