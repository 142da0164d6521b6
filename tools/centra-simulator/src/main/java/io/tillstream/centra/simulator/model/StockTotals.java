package io.tillstream.centra.simulator.model;

import java.util.Collection;

/**
 * Centra's {@code StockTotals}: one size's stock summed over every warehouse that holds it. Method
 * names follow the GraphQL fields, as in {@link StockLevel}.
 *
 * <p>Free-to-allocate is the sum of the warehouses' own figures, so a warehouse a store sale took
 * negative lowers the total rather than counting as zero: the same numbers a client would get by
 * adding up {@code ProductSize.stock} itself.
 */
public record StockTotals(int physicalQuantity, int allocatedQuantity) implements StockQuantities {

    public static StockTotals of(final Collection<StockLevel> levels) {
        int physical = 0;
        int allocated = 0;
        for (StockLevel level : levels) {
            physical += level.physicalQuantity();
            allocated += level.allocatedQuantity();
        }
        return new StockTotals(physical, allocated);
    }
}
