package io.tillstream.centra.simulator.model;

/**
 * The quantities Centra derives from physical and allocated stock, for one warehouse ({@link StockLevel})
 * or summed over all ({@link StockTotals}). Method names follow Centra's GraphQL fields.
 *
 * <p>Free-to-allocate is physical − allocated and is deliberately allowed to go negative: when a
 * till sells a unit a webshop order had already reserved, the negative figure is the oversell
 * signal reconciliation looks for.
 */
public interface StockQuantities {

    int physicalQuantity();

    int allocatedQuantity();

    default int freeToAllocateQuantity() {
        return physicalQuantity() - allocatedQuantity();
    }

    /** No preorders or backorders are simulated, so demand is always zero. */
    default int demandQuantity() {
        return 0;
    }

    default int availableNowQuantity() {
        return freeToAllocateQuantity() - demandQuantity();
    }
}
