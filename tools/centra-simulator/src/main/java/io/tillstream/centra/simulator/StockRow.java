package io.tillstream.centra.simulator;

/** One (warehouse × SKU) stock row as {@code GET /_sim/stock} returns it. */
public record StockRow(int warehouseId, String sku, int physical, int allocated, int freeToAllocate) {
}
