package io.tillstream.ingest.movements;

import java.util.List;

/** A stock adjustment as a store back-office posts it. */
public record AdjustmentRequest(String adjustmentId, String storeId, String occurredAt, String reason,
                                List<Line> lines) {

    public record Line(String sku, Integer quantity) {
    }
}
