package io.tillstream.projector.topology;

import io.tillstream.domain.ledger.SafetyBuffers;
import io.tillstream.schemas.StockPolicy;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.TimestampedKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;

/**
 * The stock policies as one task sees them: the global {@value StockTopology#POLICIES_STORE} store.
 * A global store has no per-task change callback, so a task learns of a change by comparing a
 * fingerprint of the (few) policies with the one it saw last.
 */
final class Policies {

    private final TimestampedKeyValueStore<String, StockPolicy> store;
    private Integer lastFingerprint;

    Policies(TimestampedKeyValueStore<String, StockPolicy> store) {
        this.store = store;
    }

    int safetyBuffer(String locationId, String sku) {
        return SafetyBuffers.resolve(locationId, sku, selector -> {
            StockPolicy policy = ValueAndTimestamp.getValueOrNull(store.get(selector));
            return policy == null ? null : policy.getSafetyBuffer();
        });
    }

    /** True on the first call, then whenever a policy was added, changed or removed since the last call. */
    boolean changedSinceLastLook() {
        int fingerprint = 1;
        try (KeyValueIterator<String, ValueAndTimestamp<StockPolicy>> all = store.all()) {
            while (all.hasNext()) {
                KeyValue<String, ValueAndTimestamp<StockPolicy>> entry = all.next();
                fingerprint = 31 * (31 * fingerprint + entry.key.hashCode()) + entry.value.value().getSafetyBuffer();
            }
        }
        boolean changed = lastFingerprint == null || lastFingerprint != fingerprint;
        lastFingerprint = fingerprint;
        return changed;
    }
}
