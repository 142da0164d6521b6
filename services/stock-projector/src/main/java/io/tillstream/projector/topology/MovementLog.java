package io.tillstream.projector.topology;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The on-hand movements of each key since its latest stocktake, by event time, so that a count
 * arriving after movements that occurred later than it can be placed: on-hand = count + those.
 * Keyed {@code sku|location|<occurredAt ms, 19 digits>|eventId}, so "after T" is one range scan.
 * Bounded per key: entries older than the window before the key's latest event time are dropped
 * (a count that old is rejected as too old rather than placed with an incomplete log).
 */
final class MovementLog {

    // '~' sorts after '|' and after every digit: "prefix + time + ~" is past all entries at that time.
    private static final String PAST = "~";

    private final KeyValueStore<String, Integer> store;
    private final Duration window;

    MovementLog(KeyValueStore<String, Integer> store, Duration window) {
        this.store = store;
        this.window = window;
    }

    void record(String sku, String locationId, Instant occurredAt, String eventId, int onHandDelta, Instant asOf) {
        String prefix = prefix(sku, locationId);
        store.put(prefix + time(occurredAt) + "|" + eventId, onHandDelta);
        deleteUpTo(prefix, asOf.minus(window).minusMillis(1));
    }

    /** The sum of the movements that occurred after {@code countedAt}; forgets the ones the count covers. */
    int countedAt(String sku, String locationId, Instant countedAt) {
        String prefix = prefix(sku, locationId);
        int after = 0;
        try (KeyValueIterator<String, Integer> it = store.range(prefix + time(countedAt) + PAST, prefix + PAST)) {
            while (it.hasNext()) {
                after += it.next().value;
            }
        }
        deleteUpTo(prefix, countedAt);
        return after;
    }

    private void deleteUpTo(String prefix, Instant inclusive) {
        if (inclusive.isBefore(Instant.EPOCH)) {
            return;
        }
        List<String> covered = new ArrayList<>();
        try (KeyValueIterator<String, Integer> it = store.range(prefix, prefix + time(inclusive) + PAST)) {
            it.forEachRemaining((KeyValue<String, Integer> kv) -> covered.add(kv.key));
        }
        covered.forEach(store::delete);
    }

    private static String prefix(String sku, String locationId) {
        return sku + "|" + locationId + "|";
    }

    private static String time(Instant t) {
        return OrderedKeys.fixedWidth(t.toEpochMilli());
    }
}
