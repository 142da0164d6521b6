package io.tillstream.centra.simulator.model;

import java.util.List;
import java.util.Map;

/** Everything {@link SimulationState} holds, as plain lists for a JSON snapshot on disk. */
public record StateSnapshot(int formatVersion, List<Warehouse> warehouses, List<Market> markets,
                            List<Product> products, List<ProductVariant> variants, List<ProductSize> sizes,
                            List<StockLevel> stock, List<StockChange> stockChanges, List<EventListener> listeners,
                            List<Event> events, List<Order> orders, int oversellAttempts, Map<String, Integer> ids,
                            Long journalSequence) {

    public static final int FORMAT_VERSION = 1;

    /** The last journal entry this snapshot holds; 0 for a snapshot from before the journal. */
    public long journalSequenceOrZero() {
        return journalSequence == null ? 0 : journalSequence;
    }

    public StateSnapshot withJournalSequence(final long sequence) {
        return new StateSnapshot(formatVersion, warehouses, markets, products, variants, sizes, stock, stockChanges,
                listeners, events, orders, oversellAttempts, ids, sequence);
    }
}
