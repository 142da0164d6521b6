package io.tillstream.centra.simulator.model;

import java.util.List;
import java.util.Map;

/** Everything {@link SimulationState} holds, as plain lists for a JSON snapshot on disk. */
public record StateSnapshot(int formatVersion, List<Warehouse> warehouses, List<Market> markets,
                            List<Product> products, List<ProductVariant> variants, List<ProductSize> sizes,
                            List<StockLevel> stock, List<StockChange> stockChanges, List<EventListener> listeners,
                            List<Event> events, List<Order> orders, int oversellAttempts, Map<String, Integer> ids) {

    public static final int FORMAT_VERSION = 1;
}
