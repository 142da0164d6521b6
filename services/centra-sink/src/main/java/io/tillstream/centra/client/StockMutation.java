package io.tillstream.centra.client;

import java.util.List;

/**
 * One {@code changeStock} call: all sizes of one warehouse moving in one direction. Centra's
 * changeStock adds with {@code intoWarehouse} and removes with {@code outFromWarehouse}, so
 * additions and removals of a warehouse are two mutations.
 *
 * @param description unique per mutation: Centra has no idempotency key, so this is how a
 *                    mutation is recognised when reading back
 */
public record StockMutation(String description, int warehouseId, boolean into, List<SizeQuantity> sizes) {

    /** @param quantity positive units */
    public record SizeQuantity(String sku, int quantity) {
    }
}
