package io.tillstream.ingest.movements;

import java.util.List;

/** A physical count as a store back-office posts it. */
public record StocktakeRequest(String stocktakeId, String storeId, String countedAt, String scope,
                               List<Count> counts) {

    public record Count(String sku, Integer quantity) {
    }
}
