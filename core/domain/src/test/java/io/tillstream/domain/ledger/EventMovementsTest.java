package io.tillstream.domain.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import io.tillstream.schemas.PosTransaction;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The one rule of what an event does to the ledger, shared by the live projection and the replay. */
class EventMovementsTest {

    private static final Instant AT = Instant.parse("2026-12-07T10:00:00Z");
    private static final BigDecimal PRICE = new BigDecimal("25.0000");

    private final Map<String, PosTransaction> recorded = new HashMap<>();
    private List<String> skus = List.of();
    private final EventMovements.Known known = new EventMovements.Known() {
        @Override
        public PosTransaction recorded(String storeId, String transactionId) {
            return recorded.get(storeId + "|" + transactionId);
        }

        @Override
        public List<String> skusOf(String storeId) {
            return skus;
        }
    };

    @Test
    void shouldRemoveWhatASaleSoldAndPutItBackForItsVoid() {
        PosTransaction sale = transaction("T1", TransactionType.SALE, null, line("TEE-M", 2));
        assertThat(EventMovements.of(sale, known).movements()).singleElement()
                .satisfies(m -> assertThat(m.sku()).isEqualTo("TEE-M"));
        assertThat(EventMovements.of(sale, known).voidVerdict()).isNull();

        recorded.put("S001|T1", sale);
        EventMovements.Outcome reversal = EventMovements.of(transaction("V1", TransactionType.VOID, "T1"), known);

        assertThat(reversal.voidVerdict()).isEqualTo(Voids.Verdict.REVERSE);
        assertThat(reversal.refusedVoid()).isFalse();
        assertThat(reversal.movements()).isEqualTo(Movements.reversal(sale, transaction("V1", TransactionType.VOID, "T1")));
    }

    @Test
    void shouldMoveNothingForAVoidOfWhatWasAlreadyVoidedOrNeverSeen() {
        PosTransaction firstVoid = transaction("V1", TransactionType.VOID, "T1");
        recorded.put("S001|T1", firstVoid); // what a VOID that reversed T1 leaves under T1's id

        EventMovements.Outcome second = EventMovements.of(transaction("V2", TransactionType.VOID, "T1"), known);
        assertThat(second.refusedVoid()).isTrue();
        assertThat(second.voidVerdict()).isEqualTo(Voids.Verdict.ALREADY_VOIDED);
        assertThat(second.recorded()).isSameAs(firstVoid);
        assertThat(second.movements()).isEmpty();

        EventMovements.Outcome unknown = EventMovements.of(transaction("V3", TransactionType.VOID, "T9"), known);
        assertThat(unknown.voidVerdict()).isEqualTo(Voids.Verdict.UNKNOWN_TRANSACTION);
        assertThat(unknown.movements()).isEmpty();
    }

    @Test
    void shouldCountTheSkusAFullStocktakeDoesNotListAsZeroInTheLedgersOrder() {
        skus = List.of("CAP-L", "TEE-M", "BAG-XL");
        Stocktake full = stocktake(StocktakeScope.FULL, Map.of("TEE-M", 4));

        List<Movement> counts = EventMovements.of(full, known).movements();

        assertThat(counts).extracting(m -> m.sku() + "=" + m.quantity()).containsExactly("TEE-M=4", "CAP-L=0", "BAG-XL=0");
        assertThat(counts).allSatisfy(m -> assertThat(m.effect()).isEqualTo(Movement.Effect.COUNT));
        assertThat(EventMovements.of(stocktake(StocktakeScope.PARTIAL, Map.of("TEE-M", 4)), known).movements())
                .as("a partial count touches only what it lists").hasSize(1);
    }

    private static TransactionLine line(String sku, int quantity) {
        return TransactionLine.newBuilder().setSku(sku).setQuantity(quantity).setUnitPrice(PRICE)
                .setDiscount(BigDecimal.ZERO.setScale(4)).setTax(BigDecimal.ZERO.setScale(4)).build();
    }

    private static PosTransaction transaction(String id, TransactionType type, String voids, TransactionLine... lines) {
        return PosTransaction.newBuilder().setTransactionId(id).setStoreId("S001").setTillId("T1").setType(type)
                .setOccurredAt(AT).setReceivedAt(AT).setBusinessDate(LocalDate.ofInstant(AT, ZoneOffset.UTC))
                .setCurrency("GBP").setLines(List.of(lines)).setTenders(List.of(new Tender("CARD", PRICE, null)))
                .setVoidsTransactionId(voids).build();
    }

    private static Stocktake stocktake(StocktakeScope scope, Map<String, Integer> counts) {
        return Stocktake.newBuilder().setStocktakeId("C1").setStoreId("S001").setCountedAt(AT).setReceivedAt(AT)
                .setScope(scope)
                .setCounts(counts.entrySet().stream().map(e -> new StockCount(e.getKey(), e.getValue())).toList())
                .build();
    }
}
