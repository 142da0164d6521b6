package io.tillstream.reconciliation.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.tillstream.domain.exceptions.FinanceRules;
import io.tillstream.reconciliation.ReconciliationSettings;
import io.tillstream.schemas.DailyStoreTotals;
import io.tillstream.schemas.PosTransaction;
import io.tillstream.schemas.Tender;
import io.tillstream.schemas.Topics;
import io.tillstream.schemas.TransactionLine;
import io.tillstream.schemas.TransactionType;
import io.tillstream.service.topics.TopicSerdes;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Finance forgets transactions older than the retention, and still counts a re-post within it once. */
class FinanceDedupRetentionTest {

    private static final Duration RETENTION = Duration.ofDays(2);
    private static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");

    private ReconciliationDriver fixture;
    private TopologyTestDriver driver;
    private TestInputTopic<String, PosTransaction> transactions;
    private KeyValueStore<String, PosTransaction> remembered;
    private KeyValueStore<String, DailyStoreTotals> days;

    @BeforeEach
    void setUp() {
        fixture = new ReconciliationDriver(ReconciliationSettings.defaults().withTransactionRetention(RETENTION), T0);
        driver = fixture.driver;
        TopicSerdes serdes = fixture.serdes;
        transactions = fixture.input(Topics.POS_TRANSACTIONS, serdes.of(Topics.POS_TRANSACTIONS));
        remembered = driver.getKeyValueStore(ReconciliationTopology.FINANCE_TRANSACTIONS_STORE);
        days = driver.getKeyValueStore(ReconciliationTopology.DAILY_TOTALS_STORE);
    }

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    @Test
    void shouldForgetTransactionsOlderThanTheRetentionAndStillIgnoreARepostWithinIt() {
        receive(sale("T1", T0));
        receive(sale("T1", T0.plus(Duration.ofHours(1)))); // the till's retry an hour later: counted once
        assertThat(count(T0)).isEqualTo(1);
        assertThat(remembered.get("S001|T1")).isNotNull();

        Instant later = T0.plus(RETENTION).plus(Duration.ofDays(1));
        receive(sale("T2", later));
        assertThat(remembered.get("S001|T1")).as("older than the retention: forgotten").isNull();
        assertThat(remembered.get("S001|T2")).isNotNull();

        receive(sale("T2", later)); // a re-post within the retention, after the sweep
        assertThat(count(later)).isEqualTo(1);
        assertThat(count(T0)).as("the old day is untouched by the sweep").isEqualTo(1);
    }

    private void receive(PosTransaction t) {
        // the record time is when pos-ingest received it, as on the real topic
        transactions.pipeInput("S001", t, t.getReceivedAt());
    }

    private long count(Instant receivedAt) {
        DailyStoreTotals day = days.get(FinanceRules.dayKey("S001", date(receivedAt)));
        return day.getTenders().stream().mapToLong(t -> t.getCount()).sum();
    }

    private static LocalDate date(Instant at) {
        return LocalDate.ofInstant(at, ZoneOffset.UTC);
    }

    private static PosTransaction sale(String id, Instant receivedAt) {
        BigDecimal price = new BigDecimal("10.00").setScale(4);
        return PosTransaction.newBuilder().setTransactionId(id).setStoreId("S001").setTillId("T01")
                .setType(TransactionType.SALE).setOccurredAt(receivedAt.minusSeconds(5)).setReceivedAt(receivedAt)
                .setBusinessDate(date(receivedAt)).setCurrency("GBP")
                .setLines(List.of(TransactionLine.newBuilder().setSku("TEE-M").setQuantity(1).setUnitPrice(price)
                        .setDiscount(BigDecimal.ZERO.setScale(4)).setTax(BigDecimal.ZERO.setScale(4)).build()))
                .setTenders(List.of(Tender.newBuilder().setMethod("CARD").setAmount(price).setReference(null).build()))
                .build();
    }
}
