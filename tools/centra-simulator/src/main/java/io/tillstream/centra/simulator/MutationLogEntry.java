package io.tillstream.centra.simulator;

import java.time.Instant;
import java.util.List;

/**
 * One applied stock mutation (changeStock, setStock or a manual edit) as {@code GET /_sim/mutations}
 * returns it: the physical delta per warehouse and SKU. Its {@code id} is the StockChange id.
 */
public record MutationLogEntry(int id, String description, Instant appliedAt, List<Delta> deltas) {

    public MutationLogEntry {
        deltas = List.copyOf(deltas);
    }

    /** The physical change of one SKU in one warehouse. */
    public record Delta(int warehouseId, String sku, int delta) {
    }
}
