package io.tillstream.domain.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.tillstream.schemas.AdjustmentReason;
import io.tillstream.schemas.PosTransaction;
import io.tillstream.schemas.StockAdjustment;
import io.tillstream.schemas.Stocktake;
import io.tillstream.schemas.StocktakeScope;
import io.tillstream.schemas.TransactionType;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One reading of an event's kind, store, id and time, for the ledger, its dedup and the replay alike. */
class StoreEventTest {

    private static final Instant AT = Instant.parse("2026-11-26T10:00:00Z");

    @Test
    void shouldReadEachKindOfEvent() {
        PosTransaction sale = PosTransaction.newBuilder().setTransactionId("S001-T1").setStoreId("S001")
                .setTillId("T03").setType(TransactionType.SALE).setOccurredAt(AT).setReceivedAt(AT.plusSeconds(1))
                .setBusinessDate(LocalDate.parse("2026-11-26")).setCurrency("GBP").setLines(List.of())
                .setTenders(List.of()).setVoidsTransactionId(null).build();
        assertThat(StoreEvent.of(sale)).isEqualTo(new StoreEvent(StoreEvent.Kind.TRANSACTION, "S001", "S001-T1", AT));
        assertThat(StoreEvent.of(sale).key()).isEqualTo("T|S001|S001-T1");

        StockAdjustment received = StockAdjustment.newBuilder().setAdjustmentId("A1").setStoreId("S002")
                .setReason(AdjustmentReason.RECEIVED).setOccurredAt(AT).setReceivedAt(AT).setLines(List.of()).build();
        assertThat(StoreEvent.of(received).key()).isEqualTo("A|S002|A1");

        Stocktake counted = Stocktake.newBuilder().setStocktakeId("C1").setStoreId("S003")
                .setScope(StocktakeScope.FULL).setCountedAt(AT.minusSeconds(60)).setReceivedAt(AT).setCounts(List.of())
                .build();
        assertThat(StoreEvent.of(counted)).as("a stocktake happened when it was counted")
                .isEqualTo(new StoreEvent(StoreEvent.Kind.STOCKTAKE, "S003", "C1", AT.minusSeconds(60)));
    }
}
