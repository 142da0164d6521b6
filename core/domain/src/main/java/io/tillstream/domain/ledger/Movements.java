package io.tillstream.domain.ledger;

import io.tillstream.domain.ledger.Movement.Effect;
import io.tillstream.schemas.AdjustmentLine;
import io.tillstream.schemas.PosTransaction;
import io.tillstream.schemas.StockAdjustment;
import io.tillstream.schemas.StockCount;
import io.tillstream.schemas.Stocktake;
import io.tillstream.schemas.TransactionLine;
import io.tillstream.schemas.TransactionType;
import java.util.List;

/** Decodes POS events into ledger movements, one per line. The store is the location. */
public final class Movements {

    private Movements() {
    }

    /** A VOID carries no lines of its own: reversing the named transaction is the ledger's job, not the decoder's. */
    public static List<Movement> of(PosTransaction t) {
        if (t.getType() == TransactionType.VOID) {
            return List.of();
        }
        return t.getLines().stream().map(line -> of(t, line)).toList();
    }

    /**
     * The movements that undo {@code original}, as of the void's event time: the till took the
     * sale back when the void was rung up, and a stocktake in between counted the goods as gone.
     */
    public static List<Movement> reversal(PosTransaction original, PosTransaction voidTx) {
        return of(original).stream()
                .filter(m -> m.effect() != Effect.NONE)
                .map(m -> new Movement(m.locationId(), m.sku(), m.effect(), -m.quantity(),
                        voidTx.getTransactionId(), TransactionType.VOID.name(), voidTx.getOccurredAt()))
                .toList();
    }

    private static Movement of(PosTransaction t, TransactionLine line) {
        int q = line.getQuantity();
        if (q > 0) {
            return new Movement(t.getStoreId(), line.getSku(), Effect.ON_HAND, -q, t.getTransactionId(),
                    t.getType().name(), t.getOccurredAt());
        }
        Effect effect = switch (line.getReturnDisposition()) {
            case RESTOCK -> Effect.ON_HAND;
            case INSPECT -> Effect.TO_INSPECTION;
            case WRITE_OFF -> Effect.NONE;
        };
        return new Movement(t.getStoreId(), line.getSku(), effect, -q, t.getTransactionId(),
                t.getType().name() + ":" + line.getReturnDisposition(), t.getOccurredAt());
    }

    public static List<Movement> of(StockAdjustment a) {
        Effect effect = switch (a.getReason()) {
            case RETURN_RESTOCKED -> Effect.INSPECTION_TO_ON_HAND;
            case RETURN_WRITTEN_OFF -> Effect.INSPECTION_WRITTEN_OFF;
            default -> Effect.ON_HAND;
        };
        return a.getLines().stream()
                .map((AdjustmentLine line) -> new Movement(a.getStoreId(), line.getSku(), effect, line.getQuantity(),
                        a.getAdjustmentId(), "ADJUSTMENT:" + a.getReason(), a.getOccurredAt()))
                .toList();
    }

    public static List<Movement> of(Stocktake s) {
        return s.getCounts().stream()
                .map((StockCount c) -> new Movement(s.getStoreId(), c.getSku(), Effect.COUNT, c.getQuantity(),
                        s.getStocktakeId(), "STOCKTAKE", s.getCountedAt()))
                .toList();
    }
}
