package io.tillstream.reconciliation.topology;

import io.tillstream.domain.exceptions.ExceptionRules;
import io.tillstream.domain.exceptions.RetailOpsRules;
import io.tillstream.schemas.ExceptionType;
import io.tillstream.schemas.ReconciliationException;
import io.tillstream.schemas.StockLevel;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * RETURN_NOT_RESTOCKED: remembers since when a ledger key has units pending inspection (the event time
 * of the level that first showed them) and raises once that is older than the SLA, checked on the
 * wall clock because nothing arrives while units sit on the shelf.
 */
final class ReturnInspectionProcessor implements Processor<String, StockLevel, String, ReconciliationException> {

    private final Duration sla;
    private final Duration checkInterval;
    private ProcessorContext<String, ReconciliationException> context;
    private KeyValueStore<String, Long> pendingSince;
    private KeyValueStore<String, ReconciliationException> exceptions;

    ReturnInspectionProcessor(Duration sla, Duration checkInterval) {
        this.sla = sla;
        this.checkInterval = checkInterval;
    }

    @Override
    public void init(ProcessorContext<String, ReconciliationException> context) {
        this.context = context;
        this.pendingSince = context.getStateStore(ReconciliationTopology.INSPECTION_STORE);
        this.exceptions = context.getStateStore(ReconciliationTopology.INSPECTION_EXCEPTIONS_STORE);
        context.schedule(checkInterval, PunctuationType.WALL_CLOCK_TIME, this::checkSla);
    }

    @Override
    public void process(Record<String, StockLevel> record) {
        StockLevel level = record.value();
        if (level == null) {
            return;
        }
        String key = level.getLocationId() + "|" + level.getSku();
        if (level.getPendingInspection() > 0) {
            if (pendingSince.get(key) == null) {
                pendingSince.put(key, level.getAsOf().toEpochMilli());
            }
            return;
        }
        pendingSince.delete(key);
        String id = ExceptionRules.id(ExceptionType.RETURN_NOT_RESTOCKED, key);
        RetailOpsRules.returnInspected(exceptions.get(id), level.getVersion(), now())
                .ifPresent(resolved -> emit(resolved, record.timestamp()));
    }

    private void checkSla(long wallClockMs) {
        List<KeyValue<String, Long>> pending = new ArrayList<>();
        try (KeyValueIterator<String, Long> it = pendingSince.all()) {
            it.forEachRemaining(pending::add);
        }
        for (KeyValue<String, Long> kv : pending) {
            String[] locationAndSku = kv.key.split("\\|", 2);
            String id = ExceptionRules.id(ExceptionType.RETURN_NOT_RESTOCKED, kv.key);
            Optional<ReconciliationException> raised = RetailOpsRules.returnWaiting(exceptions.get(id),
                    locationAndSku[0], locationAndSku[1], Instant.ofEpochMilli(kv.value), sla,
                    Instant.ofEpochMilli(wallClockMs));
            raised.ifPresent(e -> emit(e, wallClockMs));
        }
    }

    private void emit(ReconciliationException exception, long timestamp) {
        exceptions.put(exception.getId(), exception);
        context.forward(new Record<>(exception.getId(), exception, timestamp));
    }

    private Instant now() {
        return Instant.ofEpochMilli(context.currentSystemTimeMs());
    }
}
