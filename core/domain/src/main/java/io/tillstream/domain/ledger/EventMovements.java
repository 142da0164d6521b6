package io.tillstream.domain.ledger;

import io.tillstream.schemas.PosTransaction;
import io.tillstream.schemas.StockAdjustment;
import io.tillstream.schemas.Stocktake;
import io.tillstream.schemas.StocktakeScope;
import io.tillstream.schemas.TransactionType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.avro.specific.SpecificRecord;

/**
 * The movements one store event makes on the ledger. One rule for the live projection (the Streams
 * processor, over its state stores) and for the replay ({@link LedgerFold}, in event-time order):
 * each had its own copy of it, the VOID's reversal and the FULL stocktake's zeroes included.
 */
public final class EventMovements {

    /** What the ledger knows that an event's movements depend on. */
    public interface Known {
        /**
         * What is recorded under a store's transaction id: the transaction, the VOID that already
         * reversed it, or {@code null} when it was never seen (or is older than the live window).
         */
        PosTransaction recorded(String storeId, String transactionId);

        /** The SKUs the ledger holds for a store, in the caller's order: a FULL stocktake zeroes the unlisted. */
        List<String> skusOf(String storeId);
    }

    /**
     * @param movements what the event does to the ledger
     * @param voidVerdict for a VOID, whether it reverses what it names (null for any other event)
     * @param recorded for a VOID, what was recorded under the id it names (see {@link Known#recorded})
     */
    public record Outcome(List<Movement> movements, Voids.Verdict voidVerdict, PosTransaction recorded) {

        /** A VOID that may not reverse what it names, so it moves nothing. */
        public boolean refusedVoid() {
            return voidVerdict != null && voidVerdict != Voids.Verdict.REVERSE;
        }
    }

    private EventMovements() {
    }

    public static Outcome of(SpecificRecord event, Known known) {
        if (event instanceof PosTransaction t) {
            if (t.getType() != TransactionType.VOID) {
                return new Outcome(Movements.of(t), null, null);
            }
            PosTransaction recorded = known.recorded(t.getStoreId(), t.getVoidsTransactionId());
            Voids.Verdict verdict = Voids.verdict(t.getVoidsTransactionId(), recorded);
            return new Outcome(verdict == Voids.Verdict.REVERSE ? Movements.reversal(recorded, t) : List.of(), verdict,
                    recorded);
        }
        if (event instanceof StockAdjustment a) {
            return new Outcome(Movements.of(a), null, null);
        }
        if (event instanceof Stocktake s) {
            List<Movement> counts = new ArrayList<>(Movements.of(s));
            if (s.getScope() == StocktakeScope.FULL) {
                Set<String> listed = new HashSet<>();
                counts.forEach(m -> listed.add(m.sku()));
                for (String sku : known.skusOf(s.getStoreId())) {
                    if (!listed.contains(sku)) {
                        counts.add(new Movement(s.getStoreId(), sku, Movement.Effect.COUNT, 0, s.getStocktakeId(),
                                "STOCKTAKE", s.getCountedAt()));
                    }
                }
            }
            return new Outcome(counts, null, null);
        }
        throw new IllegalArgumentException("Unexpected event type " + event.getSchema().getFullName());
    }
}
