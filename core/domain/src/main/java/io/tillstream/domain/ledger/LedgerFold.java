package io.tillstream.domain.ledger;

import io.tillstream.domain.events.StoreEvent;
import io.tillstream.schemas.PosTransaction;
import io.tillstream.schemas.TransactionType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.apache.avro.specific.SpecificRecord;

/**
 * The ledger as of an instant, folded directly from the event log: the distinct events that
 * occurred up to then, in event-time order. In that order nothing is ever late, so this is the
 * plain definition the live projection is held to (the property test checks they agree).
 * It holds in memory the events its scope keeps (and the ids of the others, for dedup): one
 * analyst's run, not a service.
 *
 * <p>Where they can differ: the live projection forgets event ids and voidable transactions after
 * its window, and a FULL stocktake zeroes the SKUs it knew when the stocktake arrived, where this
 * zeroes the ones that moved before the count.
 */
public final class LedgerFold {

    private final Set<String> seen = new HashSet<>();
    private final List<SpecificRecord> distinct = new ArrayList<>();
    private final Predicate<SpecificRecord> keep;

    /** A fold of every event. */
    public LedgerFold() {
        this(event -> true);
    }

    /** @param keep the events that can move the figures wanted; the others are only remembered by id */
    public LedgerFold(Predicate<SpecificRecord> keep) {
        this.keep = keep;
    }

    /**
     * Adds an event in arrival order; a repeated id is ignored, as the live projection does. The id
     * counts as seen even when the event is not kept, so that a later copy of it is ignored too.
     */
    public void add(SpecificRecord event) {
        if (seen.add(StoreEvent.of(event).key()) && keep.test(event)) {
            distinct.add(event);
        }
    }

    /** @return locationId|sku → position as of {@code asOf}, sorted by key */
    public Map<String, Position> asOf(Instant asOf) {
        List<SpecificRecord> events = new ArrayList<>();
        for (SpecificRecord e : distinct) {
            if (!StoreEvent.of(e).occurredAt().isAfter(asOf)) {
                events.add(e);
            }
        }
        // Stable, so ties keep arrival order; a movement at a count's instant is in the count either way.
        events.sort(Comparator.comparing(e -> StoreEvent.of(e).occurredAt()));
        Map<String, Position> ledger = new TreeMap<>();
        Map<String, PosTransaction> transactions = new HashMap<>();
        for (SpecificRecord e : events) {
            for (Movement m : movements(e, transactions, ledger)) {
                String key = m.locationId() + "|" + m.sku();
                Position p = ledger.getOrDefault(key, Position.EMPTY);
                ledger.put(key, m.effect() == Movement.Effect.COUNT ? Ledger.count(p, m, 0).position()
                        : Ledger.apply(p, m).position());
            }
        }
        return ledger;
    }

    private static List<Movement> movements(SpecificRecord e, Map<String, PosTransaction> transactions,
                                            Map<String, Position> ledger) {
        EventMovements.Outcome outcome = EventMovements.of(e, new EventMovements.Known() {
            @Override
            public PosTransaction recorded(String storeId, String transactionId) {
                return transactions.get(storeId + "|" + transactionId);
            }

            @Override
            public List<String> skusOf(String storeId) {
                return ledger.keySet().stream().filter(key -> key.startsWith(storeId + "|"))
                        .map(key -> key.substring(storeId.length() + 1)).toList();
            }
        });
        if (e instanceof PosTransaction t) {
            // What a later VOID finds: the transaction, or the VOID that reversed it.
            if (t.getType() != TransactionType.VOID) {
                transactions.put(t.getStoreId() + "|" + t.getTransactionId(), t);
            } else if (!outcome.refusedVoid()) {
                transactions.put(t.getStoreId() + "|" + t.getVoidsTransactionId(), t);
            }
        }
        return outcome.movements();
    }
}
