package io.tillstream.projector.topology;

import io.tillstream.domain.events.StoreEvent;
import io.tillstream.domain.ledger.EventMovements;
import io.tillstream.domain.ledger.Ledger;
import io.tillstream.domain.ledger.Movement;
import io.tillstream.domain.ledger.Position;
import io.tillstream.schemas.LedgerNotice;
import io.tillstream.schemas.PosTransaction;
import io.tillstream.schemas.StockChange;
import io.tillstream.schemas.StockLevel;
import io.tillstream.schemas.TransactionType;
import java.time.Duration;
import java.time.Instant;
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
    /** How often policy changes are looked for: the policies are few, and the ledger is scanned only on a change. */
    static final Duration POLICY_CHECK_INTERVAL = Duration.ofSeconds(1);

    private final Duration window;
    private ProcessorContext<String, LedgerUpdate> context;
    private KeyValueStore<String, StockLevel> ledger;
    private RecentEvents recent;
    private Policies policies;
    private MovementLog movementLog;
    private ChangeHistory history;

    /** @param window how long event ids are remembered for dedup and voids, and how late a stocktake may be placed */
    LedgerProcessor(Duration window) {
        this.window = window;
    }

    @Override
    public void init(ProcessorContext<String, LedgerUpdate> context) {
        this.context = context;
        this.ledger = context.getStateStore(StockTopology.LEDGER_STORE);
        this.recent = new RecentEvents(context.getStateStore(StockTopology.SEEN_STORE),
                context.getStateStore(StockTopology.VOIDABLE_STORE));
        this.policies = new Policies(context.getStateStore(StockTopology.POLICIES_STORE));
        this.movementLog = new MovementLog(context.getStateStore(StockTopology.MOVEMENT_LOG_STORE), window);
        this.history = new ChangeHistory(context.getStateStore(StockTopology.HISTORY_STORE));
        context.schedule(Duration.ofMinutes(10), PunctuationType.WALL_CLOCK_TIME, this::forgetOldEvents);
        context.schedule(POLICY_CHECK_INTERVAL, PunctuationType.WALL_CLOCK_TIME, this::applyPolicyChanges);
    }

    @Override
    public void process(Record<String, SpecificRecord> record) {
        SpecificRecord event = record.value();
        if (event == null) {
            return;
        }
        if (!recent.firstSighting(event, context.currentSystemTimeMs())) {
            log.debug("Duplicate {} ignored", StoreEvent.of(event).id());
            return;
        }
        List<String> causes = List.of(StoreEvent.of(event).id());
        EventMovements.Outcome outcome = EventMovements.of(event, known);
        if (event instanceof PosTransaction t && t.getType() == TransactionType.VOID) {
            if (outcome.refusedVoid()) {
                refusedVoid(t, outcome, record.timestamp());
            } else {
                recent.voided(t.getVoidsTransactionId(), t);
                // A reversal is explained by the VOID and by the transaction it reverses.
                causes = List.of(t.getTransactionId(), t.getVoidsTransactionId());
            }
        }
        if (event instanceof PosTransaction t) {
            recent.remember(t);
        }
        Map<String, List<Movement>> bySku = new LinkedHashMap<>();
        for (Movement m : outcome.movements()) {
            bySku.computeIfAbsent(m.sku(), sku -> new ArrayList<>()).add(m);
        }
        for (List<Movement> ofSku : bySku.values()) {
            apply(ofSku, causes, record.timestamp());
        }
    }

    /** What the ledger knows for {@link EventMovements}: the recent transactions, and this task's SKUs of a store. */
    private final EventMovements.Known known = new EventMovements.Known() {
        @Override
        public PosTransaction recorded(String storeId, String transactionId) {
            return recent.recorded(storeId, transactionId);
        }

        @Override
        public List<String> skusOf(String storeId) {
            List<String> skus = new ArrayList<>();
            try (KeyValueIterator<String, StockLevel> all = ledger.all()) {
                while (all.hasNext()) {
                    StockLevel level = all.next().value;
                    if (level.getLocationId().equals(storeId)) {
                        skus.add(level.getSku());
                    }
                }
            }
            return skus;
        }
    };

    /** A VOID that may not reverse what it names moves nothing, and its store is told why. */
    private void refusedVoid(PosTransaction voidTx, EventMovements.Outcome outcome, long timestamp) {
        String targetId = voidTx.getVoidsTransactionId();
        String detail = switch (outcome.voidVerdict()) {
            case ALREADY_VOIDED -> targetId + " was already reversed by " + outcome.recorded().getTransactionId();
            case NOT_REVERSIBLE -> targetId + " is itself a VOID";
            default -> targetId + " was not seen in the last " + window.toDays() + " days";
        };
        notice(voidTx.getStoreId(), voidTx.getTransactionId(), null, "VOID_" + outcome.voidVerdict(), detail,
                voidTx.getOccurredAt(), timestamp);
    }

    /** Applies all of one event's movements of one SKU and emits one level and at most one change. */
    private void apply(List<Movement> movements, List<String> causes, long timestamp) {
        Movement first = movements.get(0);
        String storeKey = StockTopology.storeKey(first.sku(), first.locationId());
        StockLevel before = ledger.get(storeKey);
        Position start = before == null ? Position.EMPTY : StockLevels.position(before);
        Position position = start;
        int delta = 0;
        int logged = 0;
        for (Movement m : movements) {
            Ledger.Result result;
            if (m.effect() == Movement.Effect.COUNT) {
                Ledger.CountOutcome outcome = Ledger.countOutcome(position, m, window);
                if (outcome != Ledger.CountOutcome.APPLY) {
                    notice(m, "STOCKTAKE_" + outcome, "count of " + m.quantity() + " at " + m.occurredAt()
                            + " not applied; last counted at " + position.lastCountedAt(), timestamp);
                    continue;
                }
                result = Ledger.count(position, m, movementLog.countedAt(m.sku(), m.locationId(), m.occurredAt()));
            } else {
                result = Ledger.apply(position, m);
                logged += result.onHandDelta();
                if (result.alreadyCounted()) {
                    notice(m, "MOVEMENT_BEFORE_COUNT", m.reason() + " of " + m.quantity() + " occurred before the"
                            + " count at " + position.lastCountedAt() + ", which includes it", timestamp);
                }
            }
            position = result.position();
            delta += result.onHandDelta();
        }
        if (logged != 0) {
            movementLog.record(first.sku(), first.locationId(), first.occurredAt(), first.eventId(), logged,
                    position.asOf());
        }
        if (position.equals(start)) {
            return;
        }
        // One event is one change of this key, however many of its lines touched the SKU.
        position = new Position(position.onHand(), position.pendingInspection(), start.version() + 1,
                start.sequence() + (delta == 0 ? 0 : 1), position.asOf(), position.lastCountedAt());
        StockLevel level = StockLevels.level(first.locationId(), first.sku(), position,
                policies.safetyBuffer(first.locationId(), first.sku()));
        ledger.put(storeKey, level);
        StockChange change = delta == 0 ? null : StockChange.newBuilder()
                .setLocationId(first.locationId())
                .setSku(first.sku())
                .setSequence(position.sequence())
                .setDelta(delta)
                .setOnHandAfter(position.onHand())
                .setReason(first.reason())
                .setCauseEventIds(causes)
                .setOccurredAt(first.occurredAt())
                .build();
        if (change != null) {
            history.append(change);
        }
        context.forward(new Record<>(first.locationId() + "|" + first.sku(), LedgerUpdate.of(level, change),
                timestamp));
    }

    /**
     * Re-emits the levels whose safety buffer a policy change altered. This task's ledger is scanned
     * only when the policies changed since the last look (and once after start).
     */
    private void applyPolicyChanges(long now) {
        if (!policies.changedSinceLastLook()) {
            return;
        }
        List<KeyValue<String, StockLevel>> changed = new ArrayList<>();
        try (KeyValueIterator<String, StockLevel> all = ledger.all()) {
            while (all.hasNext()) {
                KeyValue<String, StockLevel> entry = all.next();
                StockLevel level = entry.value;
                int buffer = policies.safetyBuffer(level.getLocationId(), level.getSku());
                if (buffer != level.getSafetyBuffer()) {
                    changed.add(KeyValue.pair(entry.key, StockLevel.newBuilder(level).setSafetyBuffer(buffer)
                            .setAts(Ledger.ats(level.getOnHand(), buffer)).setVersion(level.getVersion() + 1).build()));
                }
            }
        }
        for (KeyValue<String, StockLevel> entry : changed) {
            StockLevel level = entry.value;
            ledger.put(entry.key, level);
            context.forward(new Record<>(level.getLocationId() + "|" + level.getSku(), LedgerUpdate.of(level, null),
                    now));
        }
        if (!changed.isEmpty()) {
            log.info("Safety buffer changed for {} levels", changed.size());
        }
    }

    private void notice(Movement m, String kind, String detail, long timestamp) {
        notice(m.locationId(), m.eventId(), m.sku(), kind, detail, m.occurredAt(), timestamp);
    }

    private void notice(String storeId, String eventId, String sku, String kind, String detail, Instant occurredAt,
                        long timestamp) {
        log.warn("Ledger notice {} for {} of store {}: {}", kind, eventId, storeId, detail);
        LedgerNotice notice = LedgerNotice.newBuilder().setStoreId(storeId).setEventId(eventId).setSku(sku)
                .setKind(kind).setDetail(detail).setOccurredAt(occurredAt).build();
        context.forward(new Record<>(storeId, LedgerUpdate.of(notice), timestamp));
    }

    /** Bounds the dedup and void state. */
    private void forgetOldEvents(long now) {
        recent.forgetSeenBefore(now - window.toMillis());
    }
}
