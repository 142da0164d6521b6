package io.tillstream.projector.topology;

import io.tillstream.projector.ledger.Ledger;
import io.tillstream.projector.ledger.Movement;
import io.tillstream.projector.ledger.Movements;
import io.tillstream.projector.ledger.Position;
import io.tillstream.schemas.PosTransaction;
import io.tillstream.schemas.StockAdjustment;
import io.tillstream.schemas.StockChange;
import io.tillstream.schemas.StockLevel;
import io.tillstream.schemas.Stocktake;
import io.tillstream.schemas.StocktakeScope;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Folds one store's events into its ledger. Events arrive keyed by store, so every (location, SKU)
 * of a store lives in the task that owns the store's partition and no repartition is needed.
 * Under exactly_once_v2 the store updates, the outputs and the input offsets commit together.
 */
final class LedgerProcessor implements Processor<String, SpecificRecord, String, LedgerUpdate> {

    private static final Logger log = LoggerFactory.getLogger(LedgerProcessor.class);

    private final Duration dedupWindow;
    private ProcessorContext<String, LedgerUpdate> context;
    private KeyValueStore<String, StockLevel> ledger;
    private KeyValueStore<String, Long> seen;

    LedgerProcessor(Duration dedupWindow) {
        this.dedupWindow = dedupWindow;
    }

    @Override
    public void init(ProcessorContext<String, LedgerUpdate> context) {
        this.context = context;
        this.ledger = context.getStateStore(StockTopology.LEDGER_STORE);
        this.seen = context.getStateStore(StockTopology.SEEN_STORE);
        context.schedule(Duration.ofMinutes(10), PunctuationType.WALL_CLOCK_TIME, this::forgetOldEvents);
    }

    @Override
    public void process(Record<String, SpecificRecord> record) {
        SpecificRecord event = record.value();
        if (event == null) {
            return;
        }
        String eventKey = eventKey(event);
        if (seen.get(eventKey) != null) {
            log.debug("Duplicate {} ignored", eventKey);
            return;
        }
        seen.put(eventKey, context.currentSystemTimeMs());
        Map<String, List<Movement>> bySku = new LinkedHashMap<>();
        for (Movement m : movements(event)) {
            bySku.computeIfAbsent(m.sku(), sku -> new ArrayList<>()).add(m);
        }
        bySku.forEach((sku, movements) -> apply(movements, record.timestamp()));
    }

    /** Applies all of one event's movements of one SKU and emits one level and at most one change. */
    private void apply(List<Movement> movements, long timestamp) {
        Movement first = movements.get(0);
        String storeKey = StockTopology.storeKey(first.sku(), first.locationId());
        StockLevel before = ledger.get(storeKey);
        Position start = before == null ? Position.EMPTY : StockLevels.position(before);
        Position position = start;
        int delta = 0;
        for (Movement m : movements) {
            Ledger.Result result = Ledger.apply(position, m);
            position = result.position();
            delta += result.onHandDelta();
        }
        if (position.equals(start)) {
            return;
        }
        // One event is one change of this key, however many of its lines touched the SKU.
        position = new Position(position.onHand(), position.pendingInspection(), start.version() + 1,
                start.sequence() + (delta == 0 ? 0 : 1), position.asOf());
        StockLevel level = StockLevels.level(first.locationId(), first.sku(), position, 0);
        ledger.put(storeKey, level);
        StockChange change = delta == 0 ? null : StockChange.newBuilder()
                .setLocationId(first.locationId())
                .setSku(first.sku())
                .setSequence(position.sequence())
                .setDelta(delta)
                .setOnHandAfter(position.onHand())
                .setReason(first.reason())
                .setCauseEventIds(List.of(first.eventId()))
                .setOccurredAt(first.occurredAt())
                .build();
        context.forward(new Record<>(first.locationId() + "|" + first.sku(), new LedgerUpdate(level, change), timestamp));
    }

    private List<Movement> movements(SpecificRecord event) {
        if (event instanceof PosTransaction t) {
            return Movements.of(t);
        }
        if (event instanceof StockAdjustment a) {
            return Movements.of(a);
        }
        if (event instanceof Stocktake s) {
            List<Movement> counts = new ArrayList<>(Movements.of(s));
            if (s.getScope() == StocktakeScope.FULL) {
                counts.addAll(uncounted(s, counts));
            }
            return counts;
        }
        throw new IllegalArgumentException("Unexpected event type " + event.getSchema().getFullName());
    }

    /** A FULL stocktake counts every SKU of the store: the ones it does not list are at zero. */
    private List<Movement> uncounted(Stocktake s, List<Movement> counted) {
        var listed = counted.stream().map(Movement::sku).collect(java.util.stream.Collectors.toSet());
        List<Movement> zeroes = new ArrayList<>();
        try (KeyValueIterator<String, StockLevel> all = ledger.all()) {
            while (all.hasNext()) {
                StockLevel level = all.next().value;
                if (level.getLocationId().equals(s.getStoreId()) && !listed.contains(level.getSku())) {
                    zeroes.add(new Movement(s.getStoreId(), level.getSku(), Movement.Effect.COUNT, 0,
                            s.getStocktakeId(), "STOCKTAKE", s.getCountedAt()));
                }
            }
        }
        return zeroes;
    }

    private static String eventKey(SpecificRecord event) {
        if (event instanceof PosTransaction t) {
            return "T|" + t.getStoreId() + "|" + t.getTransactionId();
        }
        if (event instanceof StockAdjustment a) {
            return "A|" + a.getStoreId() + "|" + a.getAdjustmentId();
        }
        Stocktake s = (Stocktake) event;
        return "C|" + s.getStoreId() + "|" + s.getStocktakeId();
    }

    /** Bounds the dedup state: ids older than the window are forgotten. */
    private void forgetOldEvents(long now) {
        long cutoff = now - dedupWindow.toMillis();
        List<String> expired = new ArrayList<>();
        try (KeyValueIterator<String, Long> all = seen.all()) {
            while (all.hasNext()) {
                KeyValue<String, Long> entry = all.next();
                if (entry.value < cutoff) {
                    expired.add(entry.key);
                }
            }
        }
        expired.forEach(seen::delete);
    }
}
