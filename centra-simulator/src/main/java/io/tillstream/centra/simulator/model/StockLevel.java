package io.tillstream.centra.simulator.model;

/**
 * Stock of one size in one warehouse. Method names follow Centra's {@code Stock} type so the
 * GraphQL layer can expose the record as it is.
 *
 * <p>Free-to-allocate is physical − allocated and is deliberately allowed to go negative: when a
 * till sells a unit a webshop order had already reserved, the negative figure is the oversell
 * signal reconciliation looks for. Allocation itself never takes more than a positive FTA.
 */
public record StockLevel(int warehouseId, int productSizeId, int physicalQuantity, int allocatedQuantity) {

    public static StockLevel empty(final int warehouseId, final int productSizeId) {
        return new StockLevel(warehouseId, productSizeId, 0, 0);
    }

    public int freeToAllocateQuantity() {
        return physicalQuantity - allocatedQuantity;
    }

    /** No preorders or backorders are simulated, so demand is always zero. */
    public int demandQuantity() {
        return 0;
    }

    public int availableNowQuantity() {
        return freeToAllocateQuantity() - demandQuantity();
    }

    public StockLevel withPhysical(final int physical) {
        return new StockLevel(warehouseId, productSizeId, physical, allocatedQuantity);
    }

    public StockLevel withAllocated(final int allocated) {
        return new StockLevel(warehouseId, productSizeId, physicalQuantity, allocated);
    }
}
