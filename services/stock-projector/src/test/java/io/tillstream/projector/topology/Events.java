package io.tillstream.projector.topology;

import io.tillstream.schemas.AdjustmentLine;
import io.tillstream.schemas.AdjustmentReason;
import io.tillstream.schemas.PosTransaction;
import io.tillstream.schemas.ReturnDisposition;
import io.tillstream.schemas.StockAdjustment;
import io.tillstream.schemas.StockCount;
import io.tillstream.schemas.Stocktake;
import io.tillstream.schemas.StocktakeScope;
import io.tillstream.schemas.Tender;
import io.tillstream.schemas.TransactionLine;
import io.tillstream.schemas.TransactionType;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;

/** Builders of real POS events for the topology tests. */
public final class Events {

    static final BigDecimal PRICE = new BigDecimal("25.0000");

    private Events() {
    }

    public static TransactionLine line(String sku, int quantity) {
        return TransactionLine.newBuilder().setSku(sku).setQuantity(quantity).setUnitPrice(PRICE)
                .setDiscount(BigDecimal.ZERO.setScale(4)).setTax(BigDecimal.ZERO.setScale(4)).build();
    }

    static TransactionLine returnedLine(String sku, int quantity, ReturnDisposition disposition) {
        TransactionLine line = line(sku, -quantity);
        line.setReturnDisposition(disposition);
        return line;
    }

    public static PosTransaction sale(String store, String id, Instant at, TransactionLine... lines) {
        return transaction(store, id, TransactionType.SALE, at, List.of(lines), null);
    }

    static PosTransaction returned(String store, String id, Instant at, TransactionLine... lines) {
        return transaction(store, id, TransactionType.RETURN, at, List.of(lines), null);
    }

    public static PosTransaction voiding(String store, String id, Instant at, String voidsTransactionId) {
        return transaction(store, id, TransactionType.VOID, at, List.of(), voidsTransactionId);
    }

    static PosTransaction transaction(String store, String id, TransactionType type, Instant at,
                                      List<TransactionLine> lines, String voids) {
        return PosTransaction.newBuilder().setTransactionId(id).setStoreId(store).setTillId("T1").setType(type)
                .setOccurredAt(at).setReceivedAt(at).setBusinessDate(LocalDate.ofInstant(at, ZoneOffset.UTC))
                .setCurrency("GBP").setLines(lines)
                .setTenders(List.of(new Tender("CARD", PRICE, null)))
                .setVoidsTransactionId(voids)
                .build();
    }

    public static StockAdjustment adjustment(String store, String id, Instant at, AdjustmentReason reason, String sku,
                                      int quantity) {
        return StockAdjustment.newBuilder().setAdjustmentId(id).setStoreId(store).setOccurredAt(at).setReceivedAt(at)
                .setReason(reason).setLines(List.of(new AdjustmentLine(sku, quantity))).build();
    }

    public static Stocktake stocktake(String store, String id, Instant at, StocktakeScope scope, Map<String, Integer> counts) {
        return Stocktake.newBuilder().setStocktakeId(id).setStoreId(store).setCountedAt(at).setReceivedAt(at)
                .setScope(scope)
                .setCounts(counts.entrySet().stream().map(e -> new StockCount(e.getKey(), e.getValue())).toList())
                .build();
    }

    static String storeOf(SpecificRecord event) {
        if (event instanceof PosTransaction t) {
            return t.getStoreId();
        }
        if (event instanceof StockAdjustment a) {
            return a.getStoreId();
        }
        return ((Stocktake) event).getStoreId();
    }
}
