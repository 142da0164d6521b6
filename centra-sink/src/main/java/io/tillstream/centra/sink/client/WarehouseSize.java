package io.tillstream.centra.sink.client;

/** A size (by SKU) in one Centra warehouse: the unit Centra keeps stock in. */
public record WarehouseSize(int warehouseId, String sku) {
}
