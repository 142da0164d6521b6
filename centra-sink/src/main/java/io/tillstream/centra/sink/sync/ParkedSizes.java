package io.tillstream.centra.sink.sync;

import io.tillstream.centra.sink.receipts.ReceiptLog;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Sizes Centra refused because it does not know them (a store sold a SKU the catalogue lacks).
 * Their later changes are not sent (they would be refused too); the ledger's latest on-hand is
 * kept instead, and once Centra knows the size that figure is what the warehouse should show.
 */
final class ParkedSizes {

    /** A parked size and what the POS ledger says it holds now. */
    record Parked(String locationId, String sku, int warehouseId, long sequence, int ledgerOnHand) {

        String key() {
            return locationId + "|" + sku;
        }
    }

    private final Map<String, Parked> byKey = new LinkedHashMap<>();
    private final Duration interval;
    private final int perCheck;
    private long nextCheck;

    /**
     * @param interval how often Centra is asked whether it knows the parked sizes now
     * @param perCheck at most this many sizes per check: reads share the tenant's request budget
     */
    ParkedSizes(Duration interval, int perCheck) {
        this.interval = interval;
        this.perCheck = perCheck;
    }

    boolean contains(String key) {
        return byKey.containsKey(key);
    }

    void park(PendingSize p) {
        byKey.put(p.key(), new Parked(p.locationId, p.sku, p.warehouseId, p.maxSequence, p.onHandAfter));
    }

    void restore(List<ReceiptLog.Part> refused) {
        refused.forEach(p -> byKey.put(p.key(),
                new Parked(p.locationId(), p.sku(), p.warehouseId(), p.sequence(), p.ledgerOnHand())));
    }

    /** A later change of a parked size: keep its on-hand, send nothing. @return the size as parked now */
    Parked absorb(ChangeRecord c) {
        Parked old = byKey.get(c.key());
        Parked now = new Parked(old.locationId(), old.sku(), old.warehouseId(),
                Math.max(old.sequence(), c.sequence()), c.onHandAfter());
        byKey.put(c.key(), now);
        return now;
    }

    /** The sizes to ask Centra about now; empty until the next check is due. */
    List<Parked> due(long now) {
        if (byKey.isEmpty() || now < nextCheck) {
            return List.of();
        }
        nextCheck = now + interval.toMillis();
        return new ArrayList<>(byKey.values()).subList(0, Math.min(perCheck, byKey.size()));
    }

    void release(String key) {
        byKey.remove(key);
    }
}
