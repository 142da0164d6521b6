package io.tillstream.projector.topology;

import io.tillstream.schemas.StockChange;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The latest {@value #DEPTH} changes of each key, for "why is it 3?". The full history is the
 * changes topic (kept ≥ 7 days); this store answers the recent past without reading it.
 * Keyed {@code sku|location|<sequence, 19 digits>} so one key's changes are one prefix scan, in order.
 */
public final class ChangeHistory {

    public static final int DEPTH = 100;

    private final KeyValueStore<String, StockChange> store;

    ChangeHistory(KeyValueStore<String, StockChange> store) {
        this.store = store;
    }

    void append(StockChange change) {
        String prefix = prefix(change.getSku(), change.getLocationId());
        store.put(prefix + sequence(change.getSequence()), change);
        // Sequences are gap-free, so the entry that falls out of the window is exactly DEPTH back.
        if (change.getSequence() > DEPTH) {
            store.delete(prefix + sequence(change.getSequence() - DEPTH));
        }
    }

    /** The prefix of one key's entries, for a prefix scan. */
    public static String prefix(String sku, String locationId) {
        return sku + "|" + locationId + "|";
    }

    private static String sequence(long sequence) {
        return OrderedKeys.fixedWidth(sequence);
    }
}
