package io.tillstream.reconciliation.topology;

import io.tillstream.domain.exceptions.DriftRules;
import io.tillstream.schemas.CentraStockObservation;
import io.tillstream.schemas.ReconciliationException;
import io.tillstream.schemas.SyncReceipt;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Compares, per {@code warehouseId|sku}, the sink's last confirmed push (what Centra should show)
 * with Centra's stock as the stock source connector read it. Both topics are keyed the same way
 * and co-partitioned. A gap must last a grace period before it is raised: the source writes only
 * on change, so a punctuator re-checks open gaps.
 */
final class DriftProcessor implements Processor<String, SpecificRecord, String, ReconciliationException> {

    private final Duration grace;
    private final Duration checkInterval;
    private ProcessorContext<String, ReconciliationException> context;
    private KeyValueStore<String, SyncReceipt> receipts;
    private KeyValueStore<String, CentraStockObservation> observations;
    private KeyValueStore<String, Long> gapSince;
    private KeyValueStore<String, ReconciliationException> raised;

    DriftProcessor(Duration grace, Duration checkInterval) {
        this.grace = grace;
        this.checkInterval = checkInterval;
    }

    @Override
    public void init(ProcessorContext<String, ReconciliationException> context) {
        this.context = context;
        this.receipts = context.getStateStore(ReconciliationTopology.DRIFT_RECEIPTS_STORE);
        this.observations = context.getStateStore(ReconciliationTopology.DRIFT_OBSERVATIONS_STORE);
        this.gapSince = context.getStateStore(ReconciliationTopology.DRIFT_SINCE_STORE);
        this.raised = context.getStateStore(ReconciliationTopology.DRIFT_EXCEPTIONS_STORE);
        context.schedule(checkInterval, PunctuationType.WALL_CLOCK_TIME, this::recheck);
    }

    @Override
    public void process(Record<String, SpecificRecord> record) {
        if (record.value() instanceof SyncReceipt receipt) {
            receipts.put(record.key(), receipt);
        } else if (record.value() instanceof CentraStockObservation observation) {
            observations.put(record.key(), observation);
        } else {
            return;
        }
        evaluate(record.key(), record.timestamp());
    }

    private void recheck(long now) {
        List<String> keys = new ArrayList<>();
        try (KeyValueIterator<String, Long> open = gapSince.all()) {
            open.forEachRemaining((KeyValue<String, Long> kv) -> keys.add(kv.key));
        }
        keys.forEach(key -> evaluate(key, now));
    }

    private void evaluate(String key, long timestamp) {
        SyncReceipt receipt = receipts.get(key);
        CentraStockObservation observation = observations.get(key);
        OptionalInt expected = DriftRules.expected(receipt, observation);
        if (expected.isEmpty()) {
            // A push in flight (PENDING) or a read older than the last confirmation supersedes the
            // comparison a gap was timed from: the grace starts again with the next comparable pair,
            // instead of a stale start raising a later gap at once.
            gapSince.delete(key);
            return;
        }
        long nowMs = context.currentSystemTimeMs();
        Instant now = Instant.ofEpochMilli(nowMs);
        String id = DriftRules.id(receipt.getWarehouseId(), receipt.getSku());
        if (expected.getAsInt() == observation.getPhysical()) {
            gapSince.delete(key);
            DriftRules.resolve(raised.get(id), observation, now).ifPresent(resolved -> emit(id, resolved, timestamp));
            return;
        }
        Long since = gapSince.get(key);
        if (since == null) {
            gapSince.put(key, nowMs);
            return;
        }
        if (nowMs - since >= grace.toMillis()) {
            emit(id, DriftRules.raise(raised.get(id), receipt, observation, Instant.ofEpochMilli(since), now), timestamp);
        }
    }

    private void emit(String id, ReconciliationException exception, long timestamp) {
        raised.put(id, exception);
        context.forward(new Record<>(id, exception, timestamp));
    }
}
