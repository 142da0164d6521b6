package io.tillstream.projector.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.tillstream.domain.ledger.LedgerFold;
import io.tillstream.domain.ledger.Position;
import io.tillstream.projector.replay.ReplayScope;
import io.tillstream.registry.server.EmbeddedSchemaRegistry;
import io.tillstream.schemas.AdjustmentLine;
import io.tillstream.schemas.AdjustmentReason;
import io.tillstream.schemas.PosTransaction;
import io.tillstream.schemas.ReturnDisposition;
import io.tillstream.schemas.StockAdjustment;
import io.tillstream.schemas.StockChange;
import io.tillstream.schemas.StockCount;
import io.tillstream.schemas.StockLevel;
import io.tillstream.schemas.Stocktake;
import io.tillstream.schemas.StocktakeScope;
import io.tillstream.schemas.TransactionLine;
import io.tillstream.schemas.TransactionType;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import io.tillstream.testkit.property.Generate;
import io.tillstream.testkit.property.Tries;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * For random histories delivered out of order and with duplicates, the projection (and the
 * analysts' replay, {@link LedgerFold}, whole or scoped) equals a plain fold of the distinct events in event-time
 * order. One driver serves every try; each try uses its own store ids, so tries cannot see each
 * other's state.
 */
class ProjectionPropertyTest {

    private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");
    private static final List<String> SKUS = List.of("A", "B");
    private static final AtomicInteger TRY = new AtomicInteger();
    private static EmbeddedSchemaRegistry registry;
    private static ProjectorDriver p;

    /** One generated event, before it is given ids and a store: {@code kind} picks what it is. */
    record Spec(int kind, int store, String sku, int quantity, int minute) {
    }

    @BeforeAll
    static void start() {
        registry = EmbeddedSchemaRegistry.startInMemory(0);
        p = new ProjectorDriver(registry.url(), T0);
    }

    @AfterAll
    static void stop() {
        p.close();
        registry.close();
    }

    @Test
    void shouldEqualTheEventTimeFoldWhateverTheArrivalOrderAndDuplicates() {
        Tries.check("projection = event-time fold", 200, generate -> check(histories(generate), generate.random()));
    }

    private void check(List<Spec> specs, Random random) {
        String prefix = "P" + TRY.incrementAndGet() + "-";
        List<SpecificRecord> history = events(prefix, specs);
        List<SpecificRecord> arrivals = arrivalOrder(history, random);

        arrivals.forEach(p::pipe);

        Map<String, int[]> expected = fold(history);
        LedgerFold replay = new LedgerFold();
        arrivals.forEach(replay::add);
        Map<String, Position> replayed = replay.asOf(Instant.MAX);
        List<KeyValue<String, StockChange>> changes = p.changes.readKeyValuesToList();
        p.levels.readValuesToList();
        p.notices.readValuesToList();
        p.availability.readValuesToList();
        for (String store : List.of(prefix + "S1", prefix + "S2")) {
            for (String sku : SKUS) {
                String key = sku + "|" + store;
                int[] want = expected.getOrDefault(key, new int[2]);
                StockLevel level = p.ledger().get(key);
                int onHand = level == null ? 0 : level.getOnHand();
                int pending = level == null ? 0 : level.getPendingInspection();
                assertThat(new int[] {onHand, pending}).as("onHand, pending of %s after %s", key, arrivals)
                        .containsExactly(want);
                Position fromReplay = replayed.getOrDefault(store + "|" + sku, Position.EMPTY);
                assertThat(new int[] {fromReplay.onHand(), fromReplay.pendingInspection()})
                        .as("replay of %s", key).containsExactly(want);
                List<StockChange> ofKey = changes.stream().filter(kv -> kv.key.equals(store + "|" + sku))
                        .map(kv -> kv.value).toList();
                assertThat(ofKey).extracting(StockChange::getSequence).as("gap-free sequence of %s", key)
                        .containsExactlyElementsOf(sequence(ofKey.size()));
                assertThat(ofKey.stream().mapToInt(StockChange::getDelta).sum()).as("deltas of %s add up", key)
                        .isEqualTo(onHand);
            }
        }

        // An analyst's scoped replay (one SKU, one location, a cut-off) holds only the events that can
        // move that figure, and must still agree with the replay of everything.
        Instant cut = T0.plus(Duration.ofMinutes(random.nextInt(610)));
        String location = prefix + "S1";
        LedgerFold scoped = new LedgerFold(new ReplayScope(cut, "A", location));
        arrivals.forEach(scoped::add);
        assertThat(scoped.asOf(cut).get(location + "|A")).as("scoped replay as of %s", cut)
                .isEqualTo(replay.asOf(cut).get(location + "|A"));
    }

    private static List<Spec> histories(Generate generate) {
        return generate.listOf(1, 30, g -> new Spec(g.between(0, 9), g.between(1, 2), g.oneOf(SKUS), g.between(1, 6),
                g.between(0, 600)));
    }

    /**
     * Turns specs into events with distinct event times (a minute plus a per-event millisecond). A
     * VOID names the latest earlier-generated transaction of its store not yet voided, and occurs
     * after it; with none to name, it names an unknown id.
     */
    private static List<SpecificRecord> events(String prefix, List<Spec> specs) {
        List<SpecificRecord> events = new ArrayList<>();
        List<PosTransaction> voidable = new ArrayList<>();
        for (int i = 0; i < specs.size(); i++) {
            Spec s = specs.get(i);
            String store = prefix + "S" + s.store();
            String id = prefix + "E" + i;
            Instant at = T0.plus(Duration.ofMinutes(s.minute())).plusMillis(i);
            SpecificRecord event = switch (s.kind()) {
                case 0, 1 -> Events.sale(store, id, at, Events.line(s.sku(), s.quantity()));
                case 2 -> Events.returned(store, id, at, Events.returnedLine(s.sku(), s.quantity(),
                        ReturnDisposition.values()[s.quantity() % 3]));
                case 3 -> Events.adjustment(store, id, at, AdjustmentReason.RECEIVED, s.sku(), s.quantity());
                case 4 -> Events.adjustment(store, id, at, AdjustmentReason.SHRINKAGE, s.sku(), -s.quantity());
                case 5 -> Events.adjustment(store, id, at, AdjustmentReason.RETURN_RESTOCKED, s.sku(), s.quantity());
                case 6 -> Events.adjustment(store, id, at, AdjustmentReason.RETURN_WRITTEN_OFF, s.sku(), 1);
                case 7 -> Events.stocktake(store, id, at, StocktakeScope.PARTIAL, Map.of(s.sku(), s.quantity() * 2));
                default -> voiding(store, id, i, voidable, s);
            };
            if (event instanceof PosTransaction t && t.getType() != TransactionType.VOID) {
                voidable.add(t);
            }
            events.add(event);
        }
        return events;
    }

    private static PosTransaction voiding(String store, String id, int i, List<PosTransaction> voidable, Spec s) {
        for (int j = voidable.size() - 1; j >= 0; j--) {
            PosTransaction target = voidable.get(j);
            if (target.getStoreId().equals(store)) {
                voidable.remove(j);
                // Other events sit at whole minutes plus their index in ms; 1000 + i keeps this time distinct.
                Instant at = target.getOccurredAt().truncatedTo(ChronoUnit.MINUTES)
                        .plus(Duration.ofMinutes(s.minute())).plusMillis(1000 + i);
                return Events.voiding(store, id, at, target.getTransactionId());
            }
        }
        return Events.voiding(store, id, T0.plusMillis(1000 + i), "UNKNOWN");
    }

    /**
     * Shuffled, some events sent twice; every copy of a VOID still arrives after the transaction it
     * names (a till cannot void what it has not posted): it waits until that transaction arrived.
     */
    private static List<SpecificRecord> arrivalOrder(List<SpecificRecord> history, Random random) {
        List<SpecificRecord> shuffled = new ArrayList<>(history);
        Collections.shuffle(shuffled, random);
        int duplicates = random.nextInt(history.size() / 2 + 1);
        for (int i = 0; i < duplicates; i++) {
            shuffled.add(random.nextInt(shuffled.size() + 1), history.get(random.nextInt(history.size())));
        }
        Set<String> known = new HashSet<>();
        history.forEach(e -> known.add(id(e)));
        Set<String> arrived = new HashSet<>();
        Map<String, List<SpecificRecord>> waiting = new HashMap<>();
        List<SpecificRecord> order = new ArrayList<>();
        for (SpecificRecord e : shuffled) {
            if (e instanceof PosTransaction v && v.getType() == TransactionType.VOID
                    && known.contains(v.getVoidsTransactionId()) && !arrived.contains(v.getVoidsTransactionId())) {
                waiting.computeIfAbsent(v.getVoidsTransactionId(), k -> new ArrayList<>()).add(v);
                continue;
            }
            order.add(e);
            arrived.add(id(e));
            order.addAll(waiting.getOrDefault(id(e), List.of()));
            waiting.remove(id(e));
        }
        return order;
    }

    // --- the independent fold: distinct events, in event-time order, applied literally

    /** @return sku|store → {onHand, pendingInspection} */
    static Map<String, int[]> fold(List<SpecificRecord> history) {
        Map<String, SpecificRecord> distinct = new LinkedHashMap<>();
        history.forEach(e -> distinct.putIfAbsent(e.getClass().getSimpleName() + id(e), e));
        List<SpecificRecord> byTime = new ArrayList<>(distinct.values());
        // A count at T includes every movement at T: at equal times, movements first.
        byTime.sort(Comparator.comparing(ProjectionPropertyTest::occurredAt).thenComparing(e -> e instanceof Stocktake));

        Map<String, int[]> stock = new HashMap<>();
        Map<String, PosTransaction> transactions = new HashMap<>();
        Set<String> voided = new HashSet<>();
        for (SpecificRecord e : byTime) {
            if (e instanceof PosTransaction t && t.getType() == TransactionType.VOID) {
                PosTransaction target = transactions.get(t.getVoidsTransactionId());
                if (target != null && voided.add(target.getTransactionId())) {
                    applyLines(stock, target, -1);
                }
            } else if (e instanceof PosTransaction t) {
                transactions.put(t.getTransactionId(), t);
                applyLines(stock, t, +1);
            } else if (e instanceof StockAdjustment a) {
                for (AdjustmentLine line : a.getLines()) {
                    int[] s = stock.computeIfAbsent(line.getSku() + "|" + a.getStoreId(), k -> new int[2]);
                    int q = line.getQuantity();
                    switch (a.getReason()) {
                        case RETURN_RESTOCKED -> {
                            s[1] -= q;
                            s[0] += q;
                        }
                        case RETURN_WRITTEN_OFF -> s[1] -= q;
                        default -> s[0] += q;
                    }
                }
            } else {
                Stocktake c = (Stocktake) e;
                for (StockCount count : c.getCounts()) {
                    stock.computeIfAbsent(count.getSku() + "|" + c.getStoreId(), k -> new int[2])[0] = count.getQuantity();
                }
            }
        }
        return stock;
    }

    private static void applyLines(Map<String, int[]> stock, PosTransaction t, int sign) {
        for (TransactionLine line : t.getLines()) {
            int[] s = stock.computeIfAbsent(line.getSku() + "|" + t.getStoreId(), k -> new int[2]);
            int q = line.getQuantity();
            if (q > 0) {
                s[0] -= sign * q;
            } else if (line.getReturnDisposition() == ReturnDisposition.RESTOCK) {
                s[0] += sign * -q;
            } else if (line.getReturnDisposition() == ReturnDisposition.INSPECT) {
                s[1] += sign * -q;
            }
        }
    }

    private static String id(SpecificRecord e) {
        if (e instanceof PosTransaction t) {
            return t.getTransactionId();
        }
        return e instanceof StockAdjustment a ? a.getAdjustmentId() : ((Stocktake) e).getStocktakeId();
    }

    private static Instant occurredAt(SpecificRecord e) {
        if (e instanceof PosTransaction t) {
            return t.getOccurredAt();
        }
        return e instanceof StockAdjustment a ? a.getOccurredAt() : ((Stocktake) e).getCountedAt();
    }

    private static List<Long> sequence(int n) {
        List<Long> sequence = new ArrayList<>();
        for (long i = 1; i <= n; i++) {
            sequence.add(i);
        }
        return sequence;
    }
}
