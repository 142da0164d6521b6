package io.tillstream.centra.sink.sync;

import io.tillstream.domain.sync.OversellRisk;
import java.util.ArrayList;
import java.util.List;

/** The not-yet-confirmed, netted delta of one (location, size), with the records it came from. */
final class PendingSize {

    final String locationId;
    final String sku;
    final int warehouseId;
    /** When the oldest of its records arrived, for oldest-first. */
    final long since;
    final List<RecordRef> records = new ArrayList<>();
    int net;
    long maxSequence;
    /** The ledger's on-hand after the latest change: how close the size is to selling out. */
    int onHandAfter = Integer.MAX_VALUE;
    /** Event time of the oldest change not yet in Centra (0 = unknown): freshness counts from here. */
    long oldestEvent;
    /** Centra's physical stock just before the mutation carrying it (read only to read back by stock). */
    Integer centraBefore;
    /**
     * Centra's free-to-allocate of this size as last read while it was pending (null = not read):
     * what the webshop can still sell from this warehouse. Webshop orders lower it between reads,
     * so it is read again while the size waits (see {@link CentraFreeReads}).
     */
    Integer centraFree;
    /** When {@link #centraFree} was read (epoch millis; 0 = never). */
    long centraFreeReadAt;
    /** When a read first found it {@link #exposed()} (epoch millis; 0 = no read has). */
    long exposedSince;
    /** Sent alone, because a mutation it was part of was refused without naming the culprit. */
    boolean isolate;

    PendingSize(String locationId, String sku, int warehouseId, long since) {
        this.locationId = locationId;
        this.sku = sku;
        this.warehouseId = warehouseId;
        this.since = since;
    }

    void add(ChangeRecord c) {
        net += c.delta();
        maxSequence = Math.max(maxSequence, c.sequence());
        onHandAfter = c.onHandAfter();
        oldestEvent = earliest(oldestEvent, c.occurredAt());
        records.add(c.record());
    }

    void absorb(PendingSize newer) {
        records.addAll(newer.records);
        net += newer.net;
        maxSequence = Math.max(maxSequence, newer.maxSequence);
        onHandAfter = newer.onHandAfter;
        oldestEvent = earliest(oldestEvent, newer.oldestEvent);
    }

    private static long earliest(long a, long b) {
        return a == 0 ? b : b == 0 ? a : Math.min(a, b);
    }

    /** Takes a read of Centra's free-to-allocate ({@code null}: Centra has no such size). */
    void centraFreeRead(Integer free, long at) {
        centraFree = free;
        centraFreeReadAt = at;
        exposedSince = !exposed() ? 0 : exposedSince == 0 ? at : exposedSince;
    }

    /** Centra is overselling it ({@link OversellRisk#exposed}), by its pending removal and the last read. */
    boolean exposed() {
        return OversellRisk.exposed(net, centraFree);
    }

    String key() {
        return locationId + "|" + sku;
    }
}
