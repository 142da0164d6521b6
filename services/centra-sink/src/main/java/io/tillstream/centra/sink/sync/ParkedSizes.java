package io.tillstream.centra.sink.sync;

import io.tillstream.centra.client.CentraClient;
import io.tillstream.centra.client.CentraException;
import io.tillstream.centra.sink.receipts.ReceiptLog;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sizes Centra refused because it does not know them (a store sold a SKU the catalogue lacks).
 * Their later changes are not sent (they would be refused too); the ledger's latest on-hand is
 * kept instead, and once Centra knows the size that figure is what the warehouse should show.
 */
final class ParkedSizes {

    private static final Logger log = LoggerFactory.getLogger(ParkedSizes.class);

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

    /**
     * When a check is due, asks Centra about a few parked sizes. One it now knows is released with
     * what the ledger says it holds: the difference to Centra's physical stock, to be sent and
     * journalled like any other delta. Later changes of a parked size were absorbed, so none of it
     * is pending. If Centra cannot answer, the rest wait for the next check.
     *
     * @return the released sizes whose stock differs from the ledger's
     */
    List<PendingSize> releaseKnown(CentraClient client, long now) {
        if (byKey.isEmpty() || now < nextCheck) {
            return List.of();
        }
        nextCheck = now + interval.toMillis();
        List<PendingSize> released = new ArrayList<>();
        for (Parked p : new ArrayList<>(byKey.values()).subList(0, Math.min(perCheck, byKey.size()))) {
            OptionalInt physical;
            try {
                physical = client.physical(p.sku(), p.warehouseId());
            } catch (CentraException e) {
                log.debug("Could not ask Centra about parked {}: {}", p.key(), e.getMessage());
                break;
            }
            if (physical.isEmpty()) {
                continue;
            }
            byKey.remove(p.key());
            int delta = p.ledgerOnHand() - physical.getAsInt();
            log.info("Centra now knows {}: pushing {} so warehouse {} shows the ledger's {}", p.sku(), delta,
                    p.warehouseId(), p.ledgerOnHand());
            if (delta != 0) {
                PendingSize size = new PendingSize(p.locationId(), p.sku(), p.warehouseId(), now);
                size.net = delta;
                size.maxSequence = p.sequence();
                size.onHandAfter = p.ledgerOnHand();
                released.add(size);
            }
        }
        return released;
    }
}
