package io.tillstream.reconciliation.scenario;

import static io.tillstream.reconciliation.scenario.ScenarioRecords.adjustment;
import static io.tillstream.reconciliation.scenario.ScenarioRecords.settlement;
import static io.tillstream.reconciliation.scenario.ScenarioRecords.transaction;
import static org.assertj.core.api.Assertions.assertThat;

import io.tillstream.domain.finance.ClosedMonths;
import io.tillstream.schemas.AdjustmentReason;
import io.tillstream.schemas.AuditEntry;
import io.tillstream.schemas.DailyStoreTotals;
import io.tillstream.schemas.ExceptionStatus;
import io.tillstream.schemas.ExceptionType;
import io.tillstream.schemas.Owner;
import io.tillstream.schemas.ReconciliationException;
import io.tillstream.schemas.Settlement;
import io.tillstream.schemas.Severity;
import io.tillstream.schemas.TenderTotals;
import io.tillstream.schemas.Topics;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The store and finance exceptions on a real broker: a till gone quiet while its store trades, a
 * transaction that arrives after its day closed (and the amended daily batch), and a payout that does
 * not match the card tenders. Day close runs on the production close time and grace: the scenario
 * stores' business "yesterday" closed hours ago (see {@link ScenarioStores}).
 */
@ExtendWith(ScenarioPipelineExtension.class)
class FinanceAndStoreScenarioIT {

    @Test
    void aTradingStoreThatSendsNothingIsStoreSilentUntilItsNextEvent(ScenarioPipeline pipeline) {
        String store = pipeline.stores.id(ScenarioStores.SILENT);
        String sku = pipeline.stores.id("SILENT-TEE");
        Instant heard = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        pipeline.send(Topics.STOCK_ADJUSTMENTS, store,
                adjustment(store, store + "-A1", AdjustmentReason.RECEIVED, sku, 5, heard), heard);

        String id = "STORE_SILENT:" + store;
        // (it may have been STORE_SILENT before this event too: a LIVE store that never sent is silent)
        ReconciliationException open = pipeline.awaitException(id, ExceptionStatus.OPEN, heard);
        assertThat(open.getType()).isEqualTo(ExceptionType.STORE_SILENT);
        assertThat(open.getOwner()).isEqualTo(Owner.RETAIL_OPS);
        assertThat(open.getSeverity()).isEqualTo(Severity.HIGH);
        assertThat(open.getStoreId()).isEqualTo(store);
        assertThat(open.getExpected()).startsWith("an event at least every");
        assertThat(open.getActual()).startsWith("nothing since ");
        assertThat(Duration.between(heard, open.getFirstSeenAt())).as("quiet for the whole threshold first")
                .isGreaterThanOrEqualTo(ScenarioPipeline.SILENCE_THRESHOLD);

        // the till is back online and posts a sale
        Instant back = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        pipeline.send(Topics.POS_TRANSACTIONS, store, transaction(store, store + "-T1",
                pipeline.stores.today(store), back, back, sku, 1, "12.00", "CARD"), back);
        ReconciliationException resolved = pipeline.awaitException(id, ExceptionStatus.RESOLVED, open.getFirstSeenAt());
        StockScenarioIT.assertResolved(resolved, "event received at " + back);
    }

    /**
     * Finance closed January 2025 (MONTH_CLOSED in the audit trail, as POST /v1/finance/close records it);
     * a till offline since then posts a sale of that month: counted, and flagged HIGH as a change to
     * books already signed off.
     */
    @Test
    void aLateTransactionInAMonthFinanceClosedIsFlaggedHigh(ScenarioPipeline pipeline) throws Exception {
        String store = pipeline.stores.id("CLOSED-MONTH-STORE");
        Instant closedAt = Instant.parse("2025-02-03T09:00:00Z");
        pipeline.send(Topics.AUDIT, "audit-close-2025-01", AuditEntry.newBuilder().setId("audit-close-2025-01")
                .setAt(closedAt).setActor("carol").setRole("FINANCE").setAction(ClosedMonths.AUDIT_ACTION)
                .setTarget("2025-01").setDetail("journal totals").setRequestId("req-1").setService("reconciliation")
                .build(), closedAt);
        Thread.sleep(3_000); // the audit trail's follower has read it (it polls every 0.5 s)

        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        LocalDate january = LocalDate.parse("2025-01-15");
        pipeline.send(Topics.POS_TRANSACTIONS, store, transaction(store, store + "-T1", january,
                january.atTime(14, 0).toInstant(java.time.ZoneOffset.UTC), now, pipeline.stores.id("JAN-TEE"), 1,
                "20.00", "CARD"), now);

        ReconciliationException late = pipeline.awaitException("LATE_TRANSACTION:" + store + "|" + january,
                ExceptionStatus.OPEN);
        assertThat(late.getSeverity()).isEqualTo(Severity.HIGH);
        assertThat(late.getDetail()).contains("its month 2025-01 was closed at " + closedAt);
        assertThat(late.getRunbook()).contains("next open period");
    }

    @Test
    void aTransactionAfterTheDayClosedAmendsTheDailyTotalsAndIsALateTransactionUntilSettled(ScenarioPipeline pipeline) {
        String store = pipeline.stores.id(ScenarioStores.LATE);
        String sku = pipeline.stores.id("LATE-BAG");
        LocalDate day = pipeline.stores.yesterday(store);
        String dayKey = store + "|" + day;
        Instant onTime = pipeline.stores.at(store, day, LocalTime.of(15, 0));
        pipeline.send(Topics.POS_TRANSACTIONS, store,
                transaction(store, store + "-T1", day, onTime, onTime, sku, 1, "45.00", "CARD"), onTime);

        DailyStoreTotals first = pipeline.awaitTotals(dayKey, 1);
        assertThat(first.getFinal$()).isTrue();
        assertThat(card(first).getNet()).isEqualByComparingTo("45.00");
        assertThat(card(first).getCount()).isEqualTo(1);

        // a till that was offline since 20:45 yesterday reconnects and posts its queued sale now
        Instant late = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        pipeline.send(Topics.POS_TRANSACTIONS, store, transaction(store, store + "-T2", day,
                pipeline.stores.at(store, day, LocalTime.of(20, 45)), late, sku, 1, "4.00", "CARD"), late);

        DailyStoreTotals amended = pipeline.awaitTotals(dayKey, 2);
        assertThat(amended.getFinal$()).isTrue();
        assertThat(card(amended).getNet()).isEqualByComparingTo("49.00");
        assertThat(card(amended).getCount()).isEqualTo(2);
        assertThat(pipeline.dailyTotals.collect(r -> dayKey.equals(r.key()), Duration.ofMillis(500)))
                .as("one record per version, all under the day's key")
                .extracting(r -> r.value().getVersion()).containsExactly(1, 2);

        String id = "LATE_TRANSACTION:" + dayKey;
        ReconciliationException lateTransaction = pipeline.awaitException(id, ExceptionStatus.OPEN);
        assertThat(lateTransaction.getType()).isEqualTo(ExceptionType.LATE_TRANSACTION);
        assertThat(lateTransaction.getOwner()).isEqualTo(Owner.FINANCE);
        assertThat(lateTransaction.getSeverity()).isEqualTo(Severity.MEDIUM);
        assertThat(lateTransaction.getStoreId()).isEqualTo(store);
        Instant closed = pipeline.stores.finalAt(store, day);
        assertThat(lateTransaction.getExpected()).isEqualTo("received by " + closed);
        assertThat(lateTransaction.getActual()).isEqualTo("received " + late);
        assertThat(lateTransaction.getDetail()).as("names the late transaction, not the one on time")
                .contains(store + "-T2").contains("amended to version 2").doesNotContain(store + "-T1");

        // finance and the provider agree on the amended day: the provider's payout covers the late sale too
        Instant payout = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        pipeline.send(Topics.SETTLEMENTS, dayKey + "|ADYEN", settlement(store, day, "48.00", "1.00", payout), payout);
        ReconciliationException settled = pipeline.awaitException(id, ExceptionStatus.RESOLVED);
        StockScenarioIT.assertResolved(settled, "settled on the amended day: payout 49 matches card tenders 49 "
                + "(totals version 2)");
    }

    @Test
    void aPayoutThatDiffersFromTheCardTendersIsASettlementMismatchUntilCorrected(ScenarioPipeline pipeline) {
        String store = pipeline.stores.id(ScenarioStores.SETTLEMENT);
        String sku = pipeline.stores.id("SETTLE-COAT");
        LocalDate day = pipeline.stores.yesterday(store);
        String dayKey = store + "|" + day;
        Instant card = pipeline.stores.at(store, day, LocalTime.of(11, 0));
        Instant cash = pipeline.stores.at(store, day, LocalTime.of(12, 0));
        pipeline.send(Topics.POS_TRANSACTIONS, store,
                transaction(store, store + "-T1", day, card, card, sku, 1, "45.00", "CARD"), card);
        // cash never reaches the card provider's payout
        pipeline.send(Topics.POS_TRANSACTIONS, store,
                transaction(store, store + "-T2", day, cash, cash, sku, 1, "20.00", "CASH"), cash);
        // the day as published: both tills' transactions in (a catch-up may publish it in two versions)
        pipeline.dailyTotals.await(r -> dayKey.equals(r.key()) && r.value().getTenders().size() == 2,
                ScenarioPipeline.WAIT).orElseThrow(() -> new AssertionError("no totals of " + dayKey));

        Instant payout = Instant.now();
        pipeline.send(Topics.SETTLEMENTS, dayKey + "|ADYEN", settlement(store, day, "40.00", "1.00", payout), payout);
        String id = "SETTLEMENT_MISMATCH:" + dayKey;
        ReconciliationException open = pipeline.awaitException(id, ExceptionStatus.OPEN);
        assertThat(open.getType()).isEqualTo(ExceptionType.SETTLEMENT_MISMATCH);
        assertThat(open.getOwner()).isEqualTo(Owner.FINANCE);
        assertThat(open.getSeverity()).isEqualTo(Severity.HIGH);
        assertThat(open.getStoreId()).isEqualTo(store);
        assertThat(open.getExpected()).isEqualTo("45");
        assertThat(open.getActual()).isEqualTo("41");

        // the provider corrects its report: the latest settlement per provider replaces the earlier one
        Instant corrected = Instant.now();
        pipeline.send(Topics.SETTLEMENTS, dayKey + "|ADYEN",
                settlement(store, day, "44.00", "1.00", corrected), corrected);
        StockScenarioIT.assertResolved(pipeline.awaitException(id, ExceptionStatus.RESOLVED),
                "payout 45 vs card tenders 45");
    }

    @Test
    void aDayWhoseCardPaymentsAndCashNeverReachedTheBankIsMissingThemUntilTheyArrive(ScenarioPipeline pipeline) {
        String store = pipeline.stores.id(ScenarioStores.UNPAID);
        String sku = pipeline.stores.id("UNPAID-SCARF");
        LocalDate day = pipeline.stores.yesterday(store);
        String dayKey = store + "|" + day;
        Instant card = pipeline.stores.at(store, day, LocalTime.of(11, 0));
        Instant cash = pipeline.stores.at(store, day, LocalTime.of(12, 0));
        pipeline.send(Topics.POS_TRANSACTIONS, store,
                transaction(store, store + "-T1", day, card, card, sku, 1, "45.00", "CARD"), card);
        pipeline.send(Topics.POS_TRANSACTIONS, store,
                transaction(store, store + "-T2", day, cash, cash, sku, 1, "20.00", "CASH"), cash);

        ReconciliationException noPayout = pipeline.awaitException("SETTLEMENT_MISSING:" + dayKey,
                ExceptionStatus.OPEN);
        assertThat(noPayout.getOwner()).isEqualTo(Owner.FINANCE);
        assertThat(noPayout.getStoreId()).isEqualTo(store);
        assertThat(noPayout.getDetail()).contains("45 GBP in card tenders");
        ReconciliationException noDeposit = pipeline.awaitException("DEPOSIT_MISSING:" + dayKey,
                ExceptionStatus.OPEN);
        assertThat(noDeposit.getOwner()).isEqualTo(Owner.FINANCE);
        assertThat(noDeposit.getDetail()).contains("20 GBP in cash tenders");

        Instant paid = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        pipeline.send(Topics.SETTLEMENTS, dayKey + "|ADYEN", settlement(store, day, "44.00", "1.00", paid), paid);
        pipeline.send(Topics.SETTLEMENTS, dayKey + "|CASH", Settlement.newBuilder(settlement(store, day, "20.00",
                "0.00", paid)).setProvider("CASH").setReference("slip-0042").build(), paid);
        StockScenarioIT.assertResolved(pipeline.awaitException("SETTLEMENT_MISSING:" + dayKey,
                ExceptionStatus.RESOLVED), "payout arrived from ADYEN");
        StockScenarioIT.assertResolved(pipeline.awaitException("DEPOSIT_MISSING:" + dayKey,
                ExceptionStatus.RESOLVED), "deposit arrived from CASH");
    }

    private static TenderTotals card(DailyStoreTotals day) {
        return day.getTenders().stream().filter(t -> t.getMethod().equals("CARD")).findFirst()
                .orElseThrow(() -> new AssertionError("no CARD tender in " + day));
    }
}
