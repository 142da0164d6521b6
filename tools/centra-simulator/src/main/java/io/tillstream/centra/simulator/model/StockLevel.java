package io.tillstream.centra.simulator.model;

/**
 * Stock of one size in one warehouse. Method names follow Centra's {@code Stock} type so the
 * GraphQL layer can expose the record as it is. Allocation never takes more than a positive
 * free-to-allocate, which itself may go negative (see {@link StockQuantities}).
 */
public record StockLevel(int warehouseId, int productSizeId, int physicalQuantity, int allocatedQuantity)
        implements StockQuantities {

    public static StockLevel empty(final int warehouseId, final int productSizeId) {
        return new StockLevel(warehouseId, productSizeId, 0, 0);
    }

    public StockLevel withPhysical(final int physical) {
        return new StockLevel(warehouseId, productSizeId, physical, allocatedQuantity);
    }

    public StockLevel withAllocated(final int allocated) {
        return new StockLevel(warehouseId, productSizeId, physicalQuantity, allocated);
    }
}
