package io.tillstream.centra.sink.sync;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.connect.sink.SinkRecord;

/** The not-yet-confirmed, netted delta of one (location, size), with the records it came from. */
final class PendingSize {

    final String locationId;
    final String sku;
    final int warehouseId;
    /** When the oldest of its records arrived, for oldest-first. */
    final long since;
    final List<SinkRecord> records = new ArrayList<>();
    int net;
    long maxSequence;
    /** The ledger's on-hand after the latest change: how close the size is to selling out. */
    int onHandAfter = Integer.MAX_VALUE;
    /** Event time of the oldest change not yet in Centra (0 = unknown): freshness counts from here. */
    long oldestEvent;
    /** Centra's physical stock just before the mutation carrying it (read only to read back by stock). */
    Integer centraBefore;
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

    String key() {
        return locationId + "|" + sku;
    }
}
