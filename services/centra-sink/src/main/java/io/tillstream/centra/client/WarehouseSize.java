package io.tillstream.centra.client;

/** A size (by SKU) in one Centra warehouse: the unit Centra keeps stock in. */
public record WarehouseSize(int warehouseId, String sku) {
}
