package io.tillstream.reconciliation.topology;

import io.tillstream.reconciliation.ReconciliationSettings;
import io.tillstream.domain.exceptions.ExceptionRules;
import io.tillstream.domain.exceptions.RetailOpsRules;
import io.tillstream.domain.finance.BusinessDay;
import io.tillstream.domain.stores.StoreInfo;
import io.tillstream.schemas.ExceptionType;
import io.tillstream.schemas.ReconciliationException;
import java.time.Duration;
import java.time.Instant;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * STORE_SILENT: the last time each store sent anything (a transaction, a stock movement or a till's
 * heartbeat, by the record's append time), checked on the wall clock during the store's trading hours.
 * TILL_SILENT the same per till, for the tills that send heartbeats. Quiet time is counted from the
 * latest of the last record, today's opening and this processor's start, so the night and a catch-up
 * after our own downtime do not count against the store.
 */
final class StoreSilenceProcessor implements Processor<String, Heard, String, ReconciliationException> {

    /** A till silent this long is taken out of service: no longer watched (its exception stays as the record). */
    static final Duration TILL_RETIRED_AFTER = Duration.ofDays(7);

    private final ReconciliationSettings settings;
    private ProcessorContext<String, ReconciliationException> context;
    private KeyValueStore<String, Long> lastSeen;
    /** storeId|tillId → when the till was last heard, for the tills that send heartbeats. */
    private KeyValueStore<String, Long> tillsLastSeen;
    private KeyValueStore<String, ReconciliationException> exceptions;
    private long startedAtMs;

    private final int eventPartitions;
    /**
     * When this task first saw each LIVE store it owns that has never sent anything (kept in memory: a
     * restart counts from the restart, as {@link #startedAtMs} does for the others).
     */
    private final Map<String, Long> watchedSince = new HashMap<>();

    StoreSilenceProcessor(ReconciliationSettings settings, int eventPartitions) {
        this.settings = settings;
        this.eventPartitions = eventPartitions;
    }

    @Override
    public void init(ProcessorContext<String, ReconciliationException> context) {
        this.context = context;
        this.lastSeen = context.getStateStore(ReconciliationTopology.LAST_SEEN_STORE);
        this.tillsLastSeen = context.getStateStore(ReconciliationTopology.TILL_LAST_SEEN_STORE);
        this.exceptions = context.getStateStore(ReconciliationTopology.SILENCE_EXCEPTIONS_STORE);
        this.startedAtMs = context.currentSystemTimeMs();
        context.schedule(settings.checkInterval(), PunctuationType.WALL_CLOCK_TIME, this::checkSilence);
    }

    @Override
    public void process(Record<String, Heard> record) {
        String storeId = record.key();
        if (storeId == null || record.value() == null) {
            return;
        }
        Long previous = lastSeen.get(storeId);
        lastSeen.put(storeId, Math.max(record.timestamp(), previous == null ? 0 : previous));
        Instant heardAt = Instant.ofEpochMilli(record.timestamp());
        Instant now = Instant.ofEpochMilli(context.currentSystemTimeMs());
        String id = ExceptionRules.id(ExceptionType.STORE_SILENT, storeId);
        RetailOpsRules.storeHeard(exceptions.get(id), heardAt, now)
                .ifPresent(resolved -> emit(resolved, record.timestamp()));
        heardTill(storeId, record.value(), record.timestamp(), now);
    }

    /** A heartbeat starts watching its till; the till's own events count for it once it is watched. */
    private void heardTill(String storeId, Heard heard, long timestamp, Instant now) {
        if (heard.tillId() == null) {
            return;
        }
        String till = storeId + "|" + heard.tillId();
        Long previous = tillsLastSeen.get(till);
        if (previous == null && !heard.heartbeat()) {
            return;
        }
        tillsLastSeen.put(till, Math.max(timestamp, previous == null ? 0 : previous));
        String id = ExceptionRules.id(ExceptionType.TILL_SILENT, till);
        RetailOpsRules.tillHeard(exceptions.get(id), Instant.ofEpochMilli(timestamp), heard.queued(), now)
                .ifPresent(resolved -> emit(resolved, timestamp));
    }

    private void checkSilence(long wallClockMs) {
        Instant now = Instant.ofEpochMilli(wallClockMs);
        List<KeyValue<String, Long>> stores = new ArrayList<>();
        try (KeyValueIterator<String, Long> it = lastSeen.all()) {
            it.forEachRemaining(stores::add);
        }
        stores.addAll(neverHeard(wallClockMs));
        for (KeyValue<String, Long> kv : stores) {
            StoreInfo store = settings.stores().find(kv.key);
            Optional<Instant> opened = BusinessDay.openedAt(store, now);
            if (opened.isEmpty() || !store.watched()) {
                continue; // closed today, outside its hours, or a store not (yet, or any more) trading
            }
            long quietSinceMs = Collections.max(List.of(kv.value, startedAtMs, opened.get().toEpochMilli()));
            String id = ExceptionRules.id(ExceptionType.STORE_SILENT, kv.key);
            RetailOpsRules.storeQuiet(exceptions.get(id), kv.key, Instant.ofEpochMilli(quietSinceMs),
                    settings.silenceThreshold(), now).ifPresent(e -> emit(e, wallClockMs));
        }
        checkTills(now);
    }

    /**
     * The registry's LIVE stores this task owns (their id hashes to its partition, as pos-ingest's keys do)
     * that have sent nothing yet: a store that opened and never came online is silent too.
     */
    private List<KeyValue<String, Long>> neverHeard(long wallClockMs) {
        List<KeyValue<String, Long>> quiet = new ArrayList<>();
        for (StoreInfo store : settings.stores().all()) {
            if (!store.watched() || lastSeen.get(store.storeId()) != null || !owns(store.storeId())) {
                watchedSince.remove(store.storeId());
                continue;
            }
            quiet.add(KeyValue.pair(store.storeId(), watchedSince.computeIfAbsent(store.storeId(), id -> wallClockMs)));
        }
        return quiet;
    }

    private boolean owns(String storeId) {
        int partition = Utils.toPositive(Utils.murmur2(storeId.getBytes(StandardCharsets.UTF_8))) % eventPartitions;
        return partition == context.taskId().partition();
    }

    private void checkTills(Instant now) {
        List<KeyValue<String, Long>> tills = new ArrayList<>();
        try (KeyValueIterator<String, Long> it = tillsLastSeen.all()) {
            it.forEachRemaining(tills::add);
        }
        for (KeyValue<String, Long> kv : tills) {
            if (now.toEpochMilli() - kv.value > TILL_RETIRED_AFTER.toMillis()) {
                tillsLastSeen.delete(kv.key);
                continue;
            }
            String storeId = kv.key.substring(0, kv.key.indexOf('|'));
            StoreInfo store = settings.stores().find(storeId);
            Optional<Instant> opened = BusinessDay.openedAt(store, now);
            if (opened.isEmpty() || !store.watched()) {
                continue;
            }
            long quietSinceMs = Collections.max(List.of(kv.value, startedAtMs, opened.get().toEpochMilli()));
            String id = ExceptionRules.id(ExceptionType.TILL_SILENT, kv.key);
            RetailOpsRules.tillQuiet(exceptions.get(id), storeId, kv.key.substring(storeId.length() + 1),
                    Instant.ofEpochMilli(quietSinceMs), settings.tillSilenceThreshold(), now)
                    .ifPresent(e -> emit(e, now.toEpochMilli()));
        }
    }

    private void emit(ReconciliationException exception, long timestamp) {
        exceptions.put(exception.getId(), exception);
        context.forward(new Record<>(exception.getId(), exception, timestamp));
    }
}
