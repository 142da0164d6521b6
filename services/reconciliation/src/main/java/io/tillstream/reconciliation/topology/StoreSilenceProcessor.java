package io.tillstream.reconciliation.topology;

import io.tillstream.reconciliation.ReconciliationSettings;
import io.tillstream.domain.exceptions.ExceptionRules;
import io.tillstream.domain.exceptions.RetailOpsRules;
import io.tillstream.domain.finance.BusinessDay;
import io.tillstream.domain.stores.StoreInfo;
import io.tillstream.schemas.ExceptionType;
import io.tillstream.schemas.ReconciliationException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * STORE_SILENT: the last time each store sent anything (a transaction or a stock movement, by the
 * record's append time), checked on the wall clock during the store's trading hours. Quiet time is
 * counted from the latest of the last event, today's opening and this processor's start, so the night
 * and a catch-up after our own downtime do not count against the store.
 */
final class StoreSilenceProcessor implements Processor<String, String, String, ReconciliationException> {

    private final ReconciliationSettings settings;
    private ProcessorContext<String, ReconciliationException> context;
    private KeyValueStore<String, Long> lastSeen;
    private KeyValueStore<String, ReconciliationException> exceptions;
    private long startedAtMs;

    StoreSilenceProcessor(ReconciliationSettings settings) {
        this.settings = settings;
    }

    @Override
    public void init(ProcessorContext<String, ReconciliationException> context) {
        this.context = context;
        this.lastSeen = context.getStateStore(ReconciliationTopology.LAST_SEEN_STORE);
        this.exceptions = context.getStateStore(ReconciliationTopology.SILENCE_EXCEPTIONS_STORE);
        this.startedAtMs = context.currentSystemTimeMs();
        context.schedule(settings.checkInterval(), PunctuationType.WALL_CLOCK_TIME, this::checkSilence);
    }

    @Override
    public void process(Record<String, String> record) {
        String storeId = record.key();
        if (storeId == null) {
            return;
        }
        Long previous = lastSeen.get(storeId);
        lastSeen.put(storeId, Math.max(record.timestamp(), previous == null ? 0 : previous));
        String id = ExceptionRules.id(ExceptionType.STORE_SILENT, storeId);
        RetailOpsRules.storeHeard(exceptions.get(id), Instant.ofEpochMilli(record.timestamp()),
                        Instant.ofEpochMilli(context.currentSystemTimeMs()))
                .ifPresent(resolved -> emit(resolved, record.timestamp()));
    }

    private void checkSilence(long wallClockMs) {
        Instant now = Instant.ofEpochMilli(wallClockMs);
        List<KeyValue<String, Long>> stores = new ArrayList<>();
        try (KeyValueIterator<String, Long> it = lastSeen.all()) {
            it.forEachRemaining(stores::add);
        }
        for (KeyValue<String, Long> kv : stores) {
            StoreInfo store = settings.stores().find(kv.key);
            if (!BusinessDay.trading(store, now)) {
                continue;
            }
            long quietSinceMs = Collections.max(List.of(kv.value, startedAtMs,
                    BusinessDay.openedAt(store, now).toEpochMilli()));
            String id = ExceptionRules.id(ExceptionType.STORE_SILENT, kv.key);
            RetailOpsRules.storeQuiet(exceptions.get(id), kv.key, Instant.ofEpochMilli(quietSinceMs),
                    settings.silenceThreshold(), now).ifPresent(e -> emit(e, wallClockMs));
        }
    }

    private void emit(ReconciliationException exception, long timestamp) {
        exceptions.put(exception.getId(), exception);
        context.forward(new Record<>(exception.getId(), exception, timestamp));
    }
}
