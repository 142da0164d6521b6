package io.tillstream.centra.simulator.model;

/** The physical-quantity delta one stock change made to one size in one warehouse. */
public record StockChangeLine(int warehouseId, int productSizeId, int quantity) {
}
