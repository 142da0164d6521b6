package io.tillstream.reconciliation.topology;

import io.tillstream.domain.exceptions.ExceptionRules;
import io.tillstream.domain.exceptions.IntegrationRules;
import io.tillstream.schemas.ExceptionStatus;
import io.tillstream.schemas.ExceptionType;
import io.tillstream.schemas.ReconciliationException;
import io.tillstream.schemas.StockChange;
import io.tillstream.schemas.SyncReceipt;
import io.tillstream.schemas.SyncStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * SYNC_STALLED: per location and size, the ledger's latest change sequence ({@code stock.changes.v1})
 * against the highest one the sink journalled as in Centra or refused ({@code centra.sync-receipts.v1},
 * CONFIRMED or FAILED). A size is waiting from its first change after the confirmed sequence; when a
 * receipt confirms only part of what is waiting, the rest waits from that receipt (it came after the
 * mutation was built). On the wall clock, every location with sizes waiting longer than the SLO gets
 * one exception, resolved once none is. Both inputs arrive keyed by locationId.
 */
final class SyncWatchProcessor implements Processor<String, SpecificRecord, String, ReconciliationException> {

    private final Duration slo;
    private final Duration checkInterval;
    private ProcessorContext<String, ReconciliationException> context;
    private KeyValueStore<String, Long> latest;
    private KeyValueStore<String, Long> confirmed;
    private KeyValueStore<String, Long> waitingSince;
    private KeyValueStore<String, Integer> warehouses;
    private KeyValueStore<String, ReconciliationException> exceptions;
    /** When the sink last journalled anything, as seen by this instance since it started. */
    private long lastReceiptMs = -1;
    private long startedAtMs;

    SyncWatchProcessor(Duration slo, Duration checkInterval) {
        this.slo = slo;
        this.checkInterval = checkInterval;
    }

    @Override
    public void init(ProcessorContext<String, ReconciliationException> context) {
        this.context = context;
        this.latest = context.getStateStore(ReconciliationTopology.SYNC_LATEST_STORE);
        this.confirmed = context.getStateStore(ReconciliationTopology.SYNC_CONFIRMED_STORE);
        this.waitingSince = context.getStateStore(ReconciliationTopology.SYNC_WAITING_STORE);
        this.warehouses = context.getStateStore(ReconciliationTopology.SYNC_WAREHOUSE_STORE);
        this.exceptions = context.getStateStore(ReconciliationTopology.SYNC_EXCEPTIONS_STORE);
        this.startedAtMs = context.currentSystemTimeMs();
        context.schedule(checkInterval, PunctuationType.WALL_CLOCK_TIME, this::check);
    }

    @Override
    public void process(Record<String, SpecificRecord> record) {
        if (record.value() instanceof StockChange change) {
            String key = change.getLocationId() + "|" + change.getSku();
            long sequence = change.getSequence();
            latest.put(key, Math.max(sequence, orZero(latest.get(key))));
            if (sequence > orZero(confirmed.get(key)) && waitingSince.get(key) == null) {
                waitingSince.put(key, record.timestamp());
            }
        } else if (record.value() instanceof SyncReceipt receipt && receipt.getStatus() != SyncStatus.PENDING) {
            String key = receipt.getLocationId() + "|" + receipt.getSku();
            long settled = Math.max(receipt.getConfirmedSequence(), orZero(confirmed.get(key)));
            confirmed.put(key, settled);
            warehouses.put(receipt.getLocationId(), receipt.getWarehouseId());
            lastReceiptMs = Math.max(lastReceiptMs, receipt.getAt().toEpochMilli());
            if (settled >= orZero(latest.get(key))) {
                waitingSince.delete(key);
            } else if (waitingSince.get(key) != null) {
                waitingSince.put(key, Math.max(waitingSince.get(key), receipt.getAt().toEpochMilli()));
            }
        }
    }

    private void check(long wallClockMs) {
        Instant now = Instant.ofEpochMilli(wallClockMs);
        Map<String, Waiting> stalled = new LinkedHashMap<>();
        try (KeyValueIterator<String, Long> it = waitingSince.all()) {
            while (it.hasNext()) {
                KeyValue<String, Long> kv = it.next();
                // Counted from this instance's start at the earliest: while it catches up on the
                // topics, changes are read before the receipts that confirm them.
                if (Math.max(kv.value, startedAtMs) + slo.toMillis() < wallClockMs) {
                    String location = kv.key.substring(0, kv.key.indexOf('|'));
                    stalled.computeIfAbsent(location, l -> new Waiting()).add(kv.key.substring(location.length() + 1),
                            kv.value);
                }
            }
        }
        Set<String> open = new HashSet<>();
        try (KeyValueIterator<String, ReconciliationException> it = exceptions.all()) {
            it.forEachRemaining(kv -> {
                if (kv.value.getStatus() == ExceptionStatus.OPEN) {
                    open.add(kv.value.getStoreId());
                }
            });
        }
        for (Map.Entry<String, Waiting> e : stalled.entrySet()) {
            Waiting w = e.getValue();
            IntegrationRules.syncStalled(exceptions.get(id(e.getKey())), e.getKey(), warehouses.get(e.getKey()),
                    w.sizes, w.oldestSku, Instant.ofEpochMilli(w.oldestMs), slo, likelyCause(wallClockMs), now)
                    .ifPresent(ex -> emit(ex, wallClockMs));
        }
        List<String> caughtUp = new ArrayList<>(open);
        caughtUp.removeAll(stalled.keySet());
        for (String location : caughtUp) {
            IntegrationRules.syncCaughtUp(exceptions.get(id(location)), now).ifPresent(ex -> emit(ex, wallClockMs));
        }
    }

    /** What the receipts tell: the sink journals nothing at all, or it does but not for this location. */
    private String likelyCause(long nowMs) {
        if (lastReceiptMs < 0 || lastReceiptMs + slo.toMillis() < nowMs) {
            return "the Centra sink has journalled nothing " + (lastReceiptMs < 0 ? "since this watchdog started"
                    : "for " + (nowMs - lastReceiptMs) / 60_000 + " min") + " (not running, failed, paused, or every "
                    + "request refused: see CONNECTOR_FAILED and CENTRA_AUTH_FAILED)";
        }
        return "the sink confirms other changes (the last " + (nowMs - lastReceiptMs) / 1000 + " s ago) but not "
                + "these: a mutation of this warehouse in doubt, a backlog beyond the budget, or Centra refusing "
                + "this warehouse";
    }

    private static String id(String location) {
        return ExceptionRules.id(ExceptionType.SYNC_STALLED, location);
    }

    private void emit(ReconciliationException exception, long timestamp) {
        exceptions.put(exception.getId(), exception);
        context.forward(new Record<>(exception.getId(), exception, timestamp));
    }

    private static long orZero(Long value) {
        return value == null ? 0 : value;
    }

    /** The sizes of a location waiting longer than the SLO. */
    private static final class Waiting {
        private int sizes;
        private String oldestSku;
        private long oldestMs = Long.MAX_VALUE;

        void add(String sku, long sinceMs) {
            sizes++;
            if (sinceMs < oldestMs) {
                oldestMs = sinceMs;
                oldestSku = sku;
            }
        }
    }
}
