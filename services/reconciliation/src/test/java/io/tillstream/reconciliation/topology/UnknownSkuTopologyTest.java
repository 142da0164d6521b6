package io.tillstream.reconciliation.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.tillstream.reconciliation.ReconciliationSettings;
import io.tillstream.schemas.CatalogEntry;
import io.tillstream.schemas.ExceptionStatus;
import io.tillstream.schemas.Owner;
import io.tillstream.schemas.PosTransaction;
import io.tillstream.schemas.ReconciliationException;
import io.tillstream.schemas.SyncReceipt;
import io.tillstream.schemas.SyncStatus;
import io.tillstream.schemas.Tender;
import io.tillstream.schemas.Topics;
import io.tillstream.schemas.TransactionLine;
import io.tillstream.schemas.TransactionType;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Stream;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** SKU_UNKNOWN_IN_CENTRA raised from the till's event, against Centra's catalogue. */
class UnknownSkuTopologyTest {

    private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");

    private ReconciliationDriver fixture;
    private TestInputTopic<String, CatalogEntry> catalog;
    private TestInputTopic<String, PosTransaction> transactions;
    private TestOutputTopic<String, ReconciliationException> exceptions;

    @BeforeEach
    void setUp() {
        fixture = new ReconciliationDriver(ReconciliationSettings.defaults(), T0);
        catalog = fixture.input(Topics.CENTRA_CATALOG, fixture.serdes.of(Topics.CENTRA_CATALOG));
        transactions = fixture.input(Topics.POS_TRANSACTIONS, fixture.serdes.of(Topics.POS_TRANSACTIONS));
        exceptions = fixture.output(Topics.EXCEPTIONS, fixture.serdes.of(Topics.EXCEPTIONS));
    }

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    @Test
    void shouldRaiseOneExceptionForASaleOfAnUnknownSkuAndSettleItWhenItsStockReachesCentra() {
        catalog.pipeInput("TEE-M", entry("TEE-M"));
        transactions.pipeInput("S001", sale("S001-T03-1", "TEE-M", "GHOST-M"));
        assertThat(exceptions.isEmpty()).as("the catalogue may be a scan behind Centra").isTrue();
        afterTheGrace();

        ReconciliationException raised = exceptions.readValue();
        assertThat(raised.getId()).isEqualTo("SKU_UNKNOWN_IN_CENTRA:S001|GHOST-M");
        assertThat(raised.getOwner()).isEqualTo(Owner.ECOMMERCE);
        assertThat(raised.getDetail()).contains("Till T03").contains("S001-T03-1");

        transactions.pipeInput("S001", sale("S001-T03-2", "GHOST-M"));
        afterTheGrace();
        assertThat(exceptions.isEmpty()).as("still open: not raised again for the next sale").isTrue();

        // The sink refuses the size too: the same exception, updated, not a second one.
        fixture.rawInput(Topics.STOCK_CHANGES_DLQ).pipeInput(ReconciliationTopologyTest.rejected(fixture.serdes, "S001", "GHOST-M",
                "[SIZE_REFUSED] Centra refused GHOST-M in warehouse 1: not found"));
        assertThat(exceptions.readValuesToList()).extracting(ReconciliationException::getId)
                .containsOnly("SKU_UNKNOWN_IN_CENTRA:S001|GHOST-M");

        fixture.input(Topics.SYNC_RECEIPTS, fixture.serdes.of(Topics.SYNC_RECEIPTS)).pipeInput("1|GHOST-M",
                SyncReceipt.newBuilder().setWarehouseId(1).setSku("GHOST-M").setLocationId("S001")
                        .setConfirmedSequence(2).setDelta(-1).setMutationId("tillstream:m-9")
                        .setStatus(SyncStatus.CONFIRMED).setAt(T0).setLedgerOnHand(3).build());
        ReconciliationException settled = exceptions.readValue();
        assertThat(settled.getId()).isEqualTo(raised.getId());
        assertThat(settled.getStatus()).isEqualTo(ExceptionStatus.RESOLVED);
    }

    @Test
    void shouldNotRaiseASizeTheCatalogueLearnsWithinTheGrace() {
        catalog.pipeInput("TEE-M", entry("TEE-M"));
        transactions.pipeInput("S001", sale("S001-T03-1", "NEW-M"));
        catalog.pipeInput("NEW-M", entry("NEW-M")); // created in Centra just before the sale, scanned just after
        afterTheGrace();
        assertThat(exceptions.isEmpty()).isTrue();
    }

    @Test
    void shouldJudgeNothingWhileTheCatalogueIsEmpty() {
        transactions.pipeInput("S001", sale("S001-T03-1", "GHOST-M"));
        afterTheGrace();
        assertThat(exceptions.isEmpty()).as("no catalogue source: every SKU would look unknown").isTrue();
    }

    @Test
    void shouldNotRaiseForAVoidWhichNamesWhatItReverses() {
        catalog.pipeInput("TEE-M", entry("TEE-M"));
        transactions.pipeInput("S001", PosTransaction.newBuilder(sale("S001-T03-3", "GHOST-M"))
                .setType(TransactionType.VOID).setVoidsTransactionId("S001-T03-1").build());
        afterTheGrace();
        assertThat(exceptions.isEmpty()).isTrue();
    }

    private void afterTheGrace() {
        fixture.driver.advanceWallClockTime(UnknownSkuProcessor.GRACE.plusSeconds(10));
    }

    private static CatalogEntry entry(String sku) {
        return CatalogEntry.newBuilder().setSku(sku).setProductId(1).setProductNumber("TEE").setVariantId(1)
                .setVariantNumber("BLK").setSizeId(1).setSizeName("M").setActive(true).setObservedAt(T0).build();
    }

    private static PosTransaction sale(String id, String... skus) {
        List<TransactionLine> lines = Stream.of(skus).map(sku -> TransactionLine.newBuilder().setSku(sku).setQuantity(1)
                .setUnitPrice(new BigDecimal("25.0000")).setDiscount(new BigDecimal("0.0000"))
                .setTax(new BigDecimal("5.0000")).build()).toList();
        return PosTransaction.newBuilder().setTransactionId(id).setStoreId("S001").setTillId("T03")
                .setType(TransactionType.SALE).setOccurredAt(T0).setReceivedAt(T0.plusSeconds(1))
                .setBusinessDate(LocalDate.parse("2026-11-26")).setCurrency("GBP").setLines(lines)
                .setTenders(List.of(Tender.newBuilder().setMethod("CARD")
                        .setAmount(new BigDecimal("25.00").multiply(BigDecimal.valueOf(skus.length)).setScale(4))
                        .build()))
                .build();
    }
}
