package io.tillstream.reconciliation.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.tillstream.domain.finance.ClosedMonths;
import io.tillstream.domain.stores.StoreDirectory;
import io.tillstream.reconciliation.ReconciliationSettings;
import io.tillstream.schemas.DailyStoreTotals;
import io.tillstream.schemas.ExceptionStatus;
import io.tillstream.schemas.ExceptionType;
import io.tillstream.schemas.Owner;
import io.tillstream.schemas.PosTransaction;
import io.tillstream.schemas.ReconciliationException;
import io.tillstream.schemas.ReturnDisposition;
import io.tillstream.schemas.Settlement;
import io.tillstream.schemas.Severity;
import io.tillstream.schemas.Tender;
import io.tillstream.schemas.TenderTotals;
import io.tillstream.schemas.Topics;
import io.tillstream.schemas.TransactionLine;
import io.tillstream.schemas.TransactionType;
import io.tillstream.service.topics.TopicSerdes;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FinanceTopologyTest {

    private static final LocalDate DAY = LocalDate.parse("2026-11-26");
    /** 10:00 in London, where S001 closes at 22:00; with 30 min grace its day closes at 22:30Z. */
    private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");
    private static final Instant CLOSED = Instant.parse("2026-11-26T22:30:00Z");

    private final ClosedMonths closedMonths = ClosedMonths.none();
    private ReconciliationDriver fixture;
    private TopologyTestDriver driver;
    private TestInputTopic<String, PosTransaction> transactions;
    private TestInputTopic<String, Settlement> settlements;
    private TestOutputTopic<String, DailyStoreTotals> totals;
    private TestOutputTopic<String, ReconciliationException> exceptions;

    @BeforeEach
    void setUp() {
        fixture = new ReconciliationDriver(ReconciliationSettings.defaults()
                .withStores(new StoreDirectory(List.of(ReconciliationDriver.LONDON))).withClosedMonths(closedMonths), T0);
        driver = fixture.driver;
        TopicSerdes serdes = fixture.serdes;
        transactions = fixture.input(Topics.POS_TRANSACTIONS, serdes.of(Topics.POS_TRANSACTIONS));
        settlements = fixture.input(Topics.SETTLEMENTS, serdes.of(Topics.SETTLEMENTS));
        totals = fixture.output(Topics.DAILY_TOTALS, serdes.of(Topics.DAILY_TOTALS));
        exceptions = fixture.output(Topics.EXCEPTIONS, serdes.of(Topics.EXCEPTIONS));
    }

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    @Test
    void shouldPublishTheDayOncePerTenderWhenItClosesAndCountARepostOnce() {
        PosTransaction sale = sale("T1", "CARD", "25.00", 2, "5.00", "7.50");
        transactions.pipeInput("S001", sale);
        transactions.pipeInput("S001", sale); // the till's retry
        transactions.pipeInput("S001", sale("T2", "CASH", "20.00", 1, "0.00", "3.33"));
        transactions.pipeInput("S001", refund("T3", "CARD", "25.00", "4.17"));
        driver.advanceWallClockTime(Duration.ofHours(1));
        assertThat(totals.isEmpty()).as("nothing before the day closes").isTrue();

        closeTheDay();
        DailyStoreTotals day = totals.readKeyValue().value;
        assertThat(day.getVersion()).isEqualTo(1);
        assertThat(day.getFinal$()).isTrue();
        assertThat(day.getBusinessDate()).isEqualTo(DAY);
        TenderTotals card = tender(day, "CARD");
        assertThat(card.getGross()).isEqualByComparingTo("50");
        assertThat(card.getDiscounts()).isEqualByComparingTo("5");
        assertThat(card.getRefunds()).isEqualByComparingTo("25");
        assertThat(card.getNet()).isEqualByComparingTo("20");
        assertThat(card.getTax()).isEqualByComparingTo("3.33");
        assertThat(card.getCount()).isEqualTo(2);
        assertThat(tender(day, "CASH").getNet()).isEqualByComparingTo("20");
        assertThat(tender(day, "CASH").getCount()).isEqualTo(1);

        driver.advanceWallClockTime(Duration.ofHours(1));
        assertThat(totals.isEmpty()).as("published once").isTrue();
        assertThat(exceptions.isEmpty()).isTrue();
    }

    @Test
    void shouldNotCloseADayWhileStillWorkingOffTransactionsReceivedBeforeItsClose() {
        // reconciliation was down all evening: when it is back, after the close, its backlog holds the day
        closeTheDay();
        Instant evening = CLOSED.minus(Duration.ofHours(2));
        transactions.pipeInput("S001", sale("T1", "CARD", "10.00", 1, "0.00", "0.00"), evening);
        driver.advanceWallClockTime(Duration.ofSeconds(20));
        transactions.pipeInput("S001", sale("T2", "CARD", "10.00", 1, "0.00", "0.00"), evening.plusSeconds(60));
        driver.advanceWallClockTime(Duration.ofSeconds(20)); // a check runs while the backlog is still coming
        transactions.pipeInput("S001", sale("T3", "CARD", "10.00", 1, "0.00", "0.00"), evening.plusSeconds(120));
        assertThat(totals.isEmpty()).as("not closed while busy with transactions from before the close").isTrue();

        driver.advanceWallClockTime(ReconciliationSettings.DEFAULT_CHECK_INTERVAL); // idle: caught up
        DailyStoreTotals day = totals.readValue();
        assertThat(day.getVersion()).isEqualTo(1);
        assertThat(tender(day, "CARD").getCount()).isEqualTo(3);
        driver.advanceWallClockTime(Duration.ofHours(1));
        assertThat(totals.isEmpty()).as("no amendment: nothing was late").isTrue();
        assertThat(exceptions.isEmpty()).isTrue();
    }

    @Test
    void shouldCloseADayOnTimeWhileTheTaskIsBusyWithRecordsFromAfterItsClose() {
        Instant wall = CLOSED.minusSeconds(30);
        driver.advanceWallClockTime(Duration.between(T0, wall));
        transactions.pipeInput("S001", sale("T1", "CARD", "10.00", 1, "0.00", "0.00"), wall);
        // the next day's early sales keep the task busy; appended after the close, they show the stream passed it
        for (int i = 0; i < 6; i++) {
            PosTransaction next = sale("N" + i, "CARD", "10.00", 1, "0.00", "0.00");
            next.setBusinessDate(DAY.plusDays(1));
            next.setReceivedAt(wall);
            transactions.pipeInput("S001", next, wall);
            driver.advanceWallClockTime(Duration.ofSeconds(15));
            wall = wall.plusSeconds(15);
        }
        assertThat(totals.readValuesToList()).extracting(DailyStoreTotals::getBusinessDate).containsExactly(DAY);
    }

    @Test
    void shouldAmendAClosedDayAndRaiseLateTransactionForFinance() {
        transactions.pipeInput("S001", sale("T1", "CARD", "10.00", 1, "0.00", "1.67"));
        closeTheDay();
        totals.readValue();

        PosTransaction late = sale("T9", "CARD", "30.00", 1, "0.00", "5.00");
        late.setReceivedAt(CLOSED.plus(Duration.ofMinutes(20)));
        transactions.pipeInput("S001", late);

        DailyStoreTotals amended = totals.readValue();
        assertThat(amended.getVersion()).isEqualTo(2);
        assertThat(amended.getFinal$()).isTrue();
        assertThat(tender(amended, "CARD").getNet()).isEqualByComparingTo("40");
        ReconciliationException exception = exceptions.readValue();
        assertThat(exception.getType()).isEqualTo(ExceptionType.LATE_TRANSACTION);
        assertThat(exception.getOwner()).isEqualTo(Owner.FINANCE);
        assertThat(exception.getId()).isEqualTo("LATE_TRANSACTION:S001|2026-11-26");
        assertThat(exception.getDetail()).contains("T9", "amended to version 2");
        assertThat(exception.getSeverity()).isEqualTo(Severity.MEDIUM);
    }

    @Test
    void shouldFlagALateTransactionInAMonthFinanceHasClosed() {
        transactions.pipeInput("S001", sale("T1", "CARD", "10.00", 1, "0.00", "1.67"));
        closeTheDay();
        totals.readValue();
        closedMonths.close(YearMonth.of(2026, 11), CLOSED.plus(Duration.ofHours(1)));

        PosTransaction late = sale("T9", "CARD", "30.00", 1, "0.00", "5.00");
        late.setReceivedAt(CLOSED.plus(Duration.ofHours(2)));
        transactions.pipeInput("S001", late);

        assertThat(totals.readValue().getVersion()).as("a till never loses a sale: counted all the same").isEqualTo(2);
        ReconciliationException exception = exceptions.readValue();
        assertThat(exception.getType()).isEqualTo(ExceptionType.LATE_TRANSACTION);
        assertThat(exception.getSeverity()).isEqualTo(Severity.HIGH);
        assertThat(exception.getDetail()).contains("its month 2026-11 was closed");
        assertThat(exception.getRunbook()).contains("next open period");
    }

    @Test
    void shouldTakeAVoidedSaleBackOutOfItsDay() {
        transactions.pipeInput("S001", sale("T1", "CARD", "10.00", 1, "0.00", "1.67"));
        transactions.pipeInput("S001", transaction("V1", TransactionType.VOID, List.of(), List.of(), "T1"));
        closeTheDay();
        TenderTotals card = tender(totals.readValue(), "CARD");
        assertThat(card.getNet()).isEqualByComparingTo("0");
        assertThat(card.getGross()).isEqualByComparingTo("0");
        assertThat(card.getCount()).isZero();
    }

    @Test
    void shouldTakeASaleNamedByTwoVoidsOutOfItsDayOnce() {
        // measured on ./tillstream run before the fix: gross -45.00, net -45.00, count -1
        transactions.pipeInput("S001", sale("T1", "CARD", "45.00", 1, "0.00", "7.50"));
        transactions.pipeInput("S001", transaction("V1", TransactionType.VOID, List.of(), List.of(), "T1"));
        transactions.pipeInput("S001", transaction("V2", TransactionType.VOID, List.of(), List.of(), "T1"));
        transactions.pipeInput("S001", sale("T1", "CARD", "45.00", 1, "0.00", "7.50")); // the sale posted again
        closeTheDay();
        TenderTotals card = tender(totals.readValue(), "CARD");
        assertThat(card.getNet()).isEqualByComparingTo("0");
        assertThat(card.getGross()).isEqualByComparingTo("0");
        assertThat(card.getCount()).isZero();
    }

    @Test
    void shouldRaiseSettlementMismatchAndResolveItWhenACorrectedSettlementMatches() {
        transactions.pipeInput("S001", sale("T1", "CARD", "45.00", 1, "0.00", "7.50"));
        settlements.pipeInput("S001|2026-11-26|ADYEN", settlement("44.00", "0.50"));
        assertThat(exceptions.isEmpty()).as("nothing to match before the day closes").isTrue();

        closeTheDay();
        ReconciliationException open = exceptions.readValue();
        assertThat(open.getType()).isEqualTo(ExceptionType.SETTLEMENT_MISMATCH);
        assertThat(open.getOwner()).isEqualTo(Owner.FINANCE);
        assertThat(open.getStatus()).isEqualTo(ExceptionStatus.OPEN);
        assertThat(open.getExpected()).isEqualTo("45");
        assertThat(open.getActual()).isEqualTo("44.5");

        settlements.pipeInput("S001|2026-11-26|ADYEN", settlement("44.30", "0.70"));
        ReconciliationException resolved = exceptions.readValue();
        assertThat(resolved.getStatus()).isEqualTo(ExceptionStatus.RESOLVED);
        assertThat(resolved.getEvidence()).contains("payout 45");
        assertThat(exceptions.isEmpty()).isTrue();
    }

    @Test
    void shouldNotRaiseAnythingWhenTheSettlementMatchesWithinTolerance() {
        transactions.pipeInput("S001", sale("T1", "CARD", "45.00", 1, "0.00", "7.50"));
        closeTheDay();
        settlements.pipeInput("S001|2026-11-26|ADYEN", settlement("44.10", "0.91"));
        assertThat(exceptions.isEmpty()).isTrue();
    }

    @Test
    void shouldKeepATransactionInAnotherCurrencyOutOfTheDayAndTellFinance() {
        transactions.pipeInput("S001", sale("T1", "CARD", "10.00", 1, "0.00", "1.67"));
        PosTransaction euros = PosTransaction.newBuilder(sale("T2", "CARD", "7.00", 1, "0.00", "1.17"))
                .setCurrency("EUR").build();
        transactions.pipeInput("S001", euros);

        ReconciliationException mismatch = exceptions.readValue();
        assertThat(mismatch.getType()).isEqualTo(ExceptionType.CURRENCY_MISMATCH);
        assertThat(mismatch.getOwner()).isEqualTo(Owner.FINANCE);
        assertThat(mismatch.getExpected()).isEqualTo("GBP");
        assertThat(mismatch.getActual()).isEqualTo("EUR");
        assertThat(mismatch.getDetail()).contains("T2");
        transactions.pipeInput("S001", transaction("V2", TransactionType.VOID, List.of(), List.of(), "T2"));

        closeTheDay();
        DailyStoreTotals day = totals.readValue();
        assertThat(day.getCurrency()).isEqualTo("GBP");
        assertThat(tender(day, "CARD").getNet()).as("no euros summed with pounds, none taken out by the void")
                .isEqualByComparingTo("10");
        assertThat(tender(day, "CARD").getCount()).isEqualTo(1);
    }

    @Test
    void shouldTellIntegrationWhenATillReusesAnIdForAnotherSale() {
        PosTransaction sale = sale("T1", "CARD", "10.00", 1, "0.00", "1.67");
        transactions.pipeInput("S001", sale);
        // the till's retry, received later: the same transaction
        transactions.pipeInput("S001", PosTransaction.newBuilder(sale).setReceivedAt(T0.plusSeconds(30)).build());
        assertThat(exceptions.isEmpty()).isTrue();

        transactions.pipeInput("S001", sale("T1", "CARD", "99.00", 2, "0.00", "33.00"));

        ReconciliationException reused = exceptions.readValue();
        assertThat(reused.getType()).isEqualTo(ExceptionType.TRANSACTION_ID_REUSED);
        assertThat(reused.getOwner()).isEqualTo(Owner.INTEGRATION);
        assertThat(reused.getId()).isEqualTo("TRANSACTION_ID_REUSED:S001|T1");
        closeTheDay();
        assertThat(tender(totals.readValue(), "CARD").getNet()).as("only the first is counted").isEqualByComparingTo("10");
    }

    @Test
    void shouldNotSettleADayWithAPayoutInAnotherCurrency() {
        transactions.pipeInput("S001", sale("T1", "CARD", "50.00", 1, "0.00", "8.33"));
        closeTheDay();
        settlements.pipeInput("S001|2026-11-26|ADYEN", Settlement.newBuilder(settlement("49.00", "1.00"))
                .setCurrency("SEK").build());

        ReconciliationException open = exceptions.readValue();
        assertThat(open.getType()).isEqualTo(ExceptionType.SETTLEMENT_MISMATCH);
        assertThat(open.getStatus()).as("50 kronor do not settle 50 pounds").isEqualTo(ExceptionStatus.OPEN);
        assertThat(open.getExpected()).isEqualTo("GBP");
        assertThat(open.getActual()).isEqualTo("SEK");
    }

    @Test
    void shouldRaiseSettlementMissingWhenNoPayoutArrivesByItsDueDateAndResolveItWhenOneDoes() {
        transactions.pipeInput("S001", sale("T1", "CARD", "45.00", 1, "0.00", "7.50"));
        closeTheDay();
        // Thursday's card sales, two banking days: due by the end of Monday 30 November, London time
        Instant dueBy = Instant.parse("2026-12-01T00:00:00Z");
        driver.advanceWallClockTime(Duration.between(CLOSED.plusSeconds(60), dueBy.minusSeconds(60)));
        assertThat(moneyExceptions()).as("the weekend is no banking day: not due yet").isEmpty();

        driver.advanceWallClockTime(Duration.ofMinutes(2));
        ReconciliationException missing = single(moneyExceptions());
        assertThat(missing.getType()).isEqualTo(ExceptionType.SETTLEMENT_MISSING);
        assertThat(missing.getId()).isEqualTo("SETTLEMENT_MISSING:S001|2026-11-26");
        assertThat(missing.getOwner()).isEqualTo(Owner.FINANCE);
        assertThat(missing.getStatus()).isEqualTo(ExceptionStatus.OPEN);
        assertThat(missing.getDetail()).contains("45 GBP in card tenders").contains(dueBy.toString());
        driver.advanceWallClockTime(Duration.ofHours(2));
        assertThat(moneyExceptions()).as("told once, not at every check").isEmpty();

        settlements.pipeInput("S001|2026-11-26|ADYEN", settlement("44.50", "0.50"));
        ReconciliationException resolved = single(moneyExceptions());
        assertThat(resolved.getId()).isEqualTo(missing.getId());
        assertThat(resolved.getStatus()).isEqualTo(ExceptionStatus.RESOLVED);
        assertThat(resolved.getEvidence()).contains("ADYEN");
        driver.advanceWallClockTime(Duration.ofDays(2));
        assertThat(moneyExceptions()).as("the payout matches: nothing else to tell").isEmpty();
    }

    @Test
    void shouldExpectNoPayoutForADayWithoutCardPaymentsNorOneThatArrivedInTime() {
        transactions.pipeInput("S001", sale("T1", "CASH", "20.00", 1, "0.00", "3.33"));
        settlements.pipeInput("S001|2026-11-26|CASH", deposit("20.00"));
        transactions.pipeInput("S001", PosTransaction.newBuilder(sale("T2", "CARD", "45.00", 1, "0.00", "7.50"))
                .setBusinessDate(DAY.minusDays(1)).build());
        closeTheDay();
        settlements.pipeInput("S001|2026-11-25|ADYEN", Settlement.newBuilder(settlement("44.50", "0.50"))
                .setBusinessDate(DAY.minusDays(1)).build());

        driver.advanceWallClockTime(Duration.ofDays(7));
        assertThat(moneyExceptions()).isEmpty();
    }

    @Test
    void shouldMatchTheCashBankedAgainstTheCashTendersAndThePayoutsAgainstTheCard() {
        transactions.pipeInput("S001", sale("T1", "CARD", "45.00", 1, "0.00", "7.50"));
        transactions.pipeInput("S001", sale("T2", "CASH", "20.00", 1, "0.00", "3.33"));
        closeTheDay();
        settlements.pipeInput("S001|2026-11-26|ADYEN", settlement("44.50", "0.50"));
        settlements.pipeInput("S001|2026-11-26|CASH", deposit("18.00"));

        ReconciliationException shortBanked = single(moneyExceptions());
        assertThat(shortBanked.getType()).as("the deposit is not a card payout").isEqualTo(ExceptionType.DEPOSIT_MISMATCH);
        assertThat(shortBanked.getId()).isEqualTo("DEPOSIT_MISMATCH:S001|2026-11-26");
        assertThat(shortBanked.getOwner()).isEqualTo(Owner.FINANCE);
        assertThat(shortBanked.getExpected()).isEqualTo("20");
        assertThat(shortBanked.getActual()).isEqualTo("18");
        assertThat(shortBanked.getDetail()).contains("cash tenders by -2");

        settlements.pipeInput("S001|2026-11-26|CASH", deposit("20.00")); // the bank's corrected slip
        ReconciliationException resolved = single(moneyExceptions());
        assertThat(resolved.getId()).isEqualTo(shortBanked.getId());
        assertThat(resolved.getStatus()).isEqualTo(ExceptionStatus.RESOLVED);
        driver.advanceWallClockTime(Duration.ofDays(7));
        assertThat(moneyExceptions()).as("paid out and banked: nothing missing").isEmpty();
    }

    @Test
    void shouldRaiseDepositMissingWhenADaysCashIsNotBankedByTheNextBankingDay() {
        transactions.pipeInput("S001", sale("T1", "CASH", "20.00", 1, "0.00", "3.33"));
        closeTheDay();
        Instant dueBy = Instant.parse("2026-11-28T00:00:00Z"); // Thursday's cash: by the end of Friday
        driver.advanceWallClockTime(Duration.between(CLOSED.plusSeconds(60), dueBy.minusSeconds(60)));
        assertThat(moneyExceptions()).isEmpty();

        driver.advanceWallClockTime(Duration.ofMinutes(2));
        ReconciliationException missing = single(moneyExceptions());
        assertThat(missing.getType()).isEqualTo(ExceptionType.DEPOSIT_MISSING);
        assertThat(missing.getDetail()).contains("20 GBP in cash tenders");

        settlements.pipeInput("S001|2026-11-26|CASH", deposit("20.00"));
        assertThat(single(moneyExceptions()).getStatus()).isEqualTo(ExceptionStatus.RESOLVED);
    }

    /** What the checks of payouts and deposits said; other checks (a store silent for days) are not these tests'. */
    private List<ReconciliationException> moneyExceptions() {
        return exceptions.readValuesToList().stream().filter(e -> List.of(ExceptionType.SETTLEMENT_MISSING,
                ExceptionType.SETTLEMENT_MISMATCH, ExceptionType.DEPOSIT_MISSING, ExceptionType.DEPOSIT_MISMATCH)
                .contains(e.getType())).toList();
    }

    private static Settlement deposit(String amount) {
        return Settlement.newBuilder(settlement(amount, "0.00")).setProvider("CASH").setReference("slip-0042").build();
    }

    private static ReconciliationException single(List<ReconciliationException> exceptions) {
        assertThat(exceptions).hasSize(1);
        return exceptions.get(0);
    }

    private void closeTheDay() {
        // the wall clock never goes back, so this always lands past the close
        driver.advanceWallClockTime(Duration.between(T0, CLOSED).plusMinutes(1));
    }

    private static TenderTotals tender(DailyStoreTotals day, String method) {
        return day.getTenders().stream().filter(t -> t.getMethod().equals(method)).findFirst().orElseThrow();
    }

    private static PosTransaction sale(String id, String method, String unitPrice, int quantity, String discount,
                                       String tax) {
        BigDecimal total = new BigDecimal(unitPrice).multiply(BigDecimal.valueOf(quantity))
                .subtract(new BigDecimal(discount));
        return transaction(id, TransactionType.SALE, List.of(line(quantity, unitPrice, discount, tax, null)),
                List.of(tender(method, total)), null);
    }

    private static PosTransaction refund(String id, String method, String unitPrice, String tax) {
        return transaction(id, TransactionType.RETURN,
                List.of(line(-1, unitPrice, "0.00", tax, ReturnDisposition.RESTOCK)),
                List.of(tender(method, new BigDecimal(unitPrice).negate())), null);
    }

    private static PosTransaction transaction(String id, TransactionType type, List<TransactionLine> lines,
                                              List<Tender> tenders, String voids) {
        return PosTransaction.newBuilder().setTransactionId(id).setStoreId("S001").setTillId("T01").setType(type)
                .setOccurredAt(T0).setReceivedAt(T0.plusSeconds(1)).setBusinessDate(DAY).setCurrency("GBP")
                .setLines(lines).setTenders(tenders).setVoidsTransactionId(voids).build();
    }

    private static TransactionLine line(int quantity, String unitPrice, String discount, String tax,
                                        ReturnDisposition disposition) {
        return TransactionLine.newBuilder().setSku("TEE-M").setQuantity(quantity)
                .setUnitPrice(new BigDecimal(unitPrice).setScale(4)).setDiscount(new BigDecimal(discount).setScale(4))
                .setTax(new BigDecimal(tax).setScale(4)).setReturnDisposition(disposition).build();
    }

    private static Tender tender(String method, BigDecimal amount) {
        return Tender.newBuilder().setMethod(method).setAmount(amount.setScale(4)).setReference(null).build();
    }

    private static Settlement settlement(String amount, String fees) {
        return Settlement.newBuilder().setProvider("ADYEN").setStoreId("S001").setBusinessDate(DAY).setCurrency("GBP")
                .setAmount(new BigDecimal(amount).setScale(4)).setFees(new BigDecimal(fees).setScale(4))
                .setReference("payout-1").setReceivedAt(T0).build();
    }
}
