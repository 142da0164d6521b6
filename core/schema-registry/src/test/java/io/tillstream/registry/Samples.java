package io.tillstream.registry;

import io.tillstream.schemas.AdjustmentLine;
import io.tillstream.schemas.AdjustmentReason;
import io.tillstream.schemas.PosTransaction;
import io.tillstream.schemas.ReturnDisposition;
import io.tillstream.schemas.StockAdjustment;
import io.tillstream.schemas.StockChange;
import io.tillstream.schemas.StockCount;
import io.tillstream.schemas.Stocktake;
import io.tillstream.schemas.StocktakeScope;
import io.tillstream.schemas.Tender;
import io.tillstream.schemas.TransactionLine;
import io.tillstream.schemas.TransactionType;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** Records of the real event model, with every logical type filled in. */
public final class Samples {

    public static final Instant OCCURRED = Instant.parse("2025-03-14T09:26:53.589Z");
    public static final Instant RECEIVED = Instant.parse("2025-03-14T09:26:54.001Z");

    private Samples() {
    }

    /** A unique name, since the broker (and its _schemas topic) is shared by every IT of the JVM. */
    public static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public static PosTransaction posTransaction(String transactionId) {
        return new PosTransaction(transactionId, "store-7", "till-2", TransactionType.RETURN, OCCURRED, RECEIVED,
                LocalDate.of(2025, 3, 14), "SEK",
                List.of(new TransactionLine("sku-1", 2, new BigDecimal("199.9000"), new BigDecimal("-20.0000"),
                                new BigDecimal("35.9800"), null),
                        new TransactionLine("sku-2", -1, new BigDecimal("0.0001"), BigDecimal.ZERO.setScale(4),
                                new BigDecimal("123456789012.3456"), ReturnDisposition.RESTOCK)),
                List.of(new Tender("CARD", new BigDecimal("-379.8000"), "auth-1"),
                        new Tender("CASH", new BigDecimal("0.5000"), null)),
                null);
    }

    public static StockChange stockChange(long sequence) {
        return new StockChange("store-7", "sku-1", sequence, -2, 10, "SALE", List.of("tx-" + sequence), OCCURRED);
    }

    public static StockAdjustment stockAdjustment() {
        return new StockAdjustment("adj-1", "store-7", OCCURRED, RECEIVED, AdjustmentReason.RECEIVED,
                List.of(new AdjustmentLine("sku-1", 12), new AdjustmentLine("sku-2", -1)));
    }

    public static Stocktake stocktake() {
        return new Stocktake("st-1", "store-7", OCCURRED, RECEIVED, StocktakeScope.PARTIAL,
                List.of(new StockCount("sku-1", 40)));
    }
}
