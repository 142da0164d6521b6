package io.tillstream.reconciliation.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.tillstream.domain.stores.StoreDirectory;
import io.tillstream.domain.stores.StoreRecords;
import io.tillstream.reconciliation.ReconciliationSettings;
import io.tillstream.schemas.DailyStoreTotals;
import io.tillstream.schemas.ExceptionStatus;
import io.tillstream.schemas.ExceptionType;
import io.tillstream.schemas.PosTransaction;
import io.tillstream.schemas.ReconciliationException;
import io.tillstream.schemas.Store;
import io.tillstream.schemas.StoreStatus;
import io.tillstream.schemas.Tender;
import io.tillstream.schemas.Topics;
import io.tillstream.schemas.TransactionLine;
import io.tillstream.schemas.TransactionType;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.junit.jupiter.api.Test;

/** STORE_SILENT against the store registry's weekly hours, calendar and status, as they change. */
class StoreCalendarTopologyTest {

    /**
     * The store registry's hours and calendar, applied live: a store closed on Sundays and on one
     * holiday is not silent on either; a store closed for good is not watched at all.
     */
    @Test
    void shouldKeepQuietOnAWeekdayTheStoreDoesNotOpenAndOnItsHolidays() {
        Instant saturdayEvening = Instant.parse("2026-11-28T21:50:00Z");
        StoreDirectory stores = StoreDirectory.empty();
        try (ReconciliationDriver saturday = new ReconciliationDriver(ReconciliationSettings.defaults().withStores(stores),
                saturdayEvening)) {
            stores.apply("S002", store("S002", StoreStatus.LIVE, List.of("2026-11-30")));
            TestInputTopic<String, byte[]> moves = saturday.rawInput(Topics.STOCK_ADJUSTMENTS);
            TestOutputTopic<String, ReconciliationException> raised = saturday.output(Topics.EXCEPTIONS,
                    saturday.serdes.of(Topics.EXCEPTIONS));
            moves.pipeInput("S002", new byte[] {1}, saturdayEvening);
            // through Sunday (closed every week) and Monday (a holiday), hour by hour
            for (int hour = 1; hour <= 36 + 24; hour++) {
                saturday.driver.advanceWallClockTime(Duration.ofHours(1));
            }
            assertThat(raised.isEmpty()).as("nothing on Sunday or on the holiday").isTrue();

            // Tuesday 10:05: an hour past opening with nothing from the store
            saturday.driver.advanceWallClockTime(Duration.ofMinutes(15));
            ReconciliationException silent = raised.readValue();
            assertThat(silent.getType()).isEqualTo(ExceptionType.STORE_SILENT);
            assertThat(silent.getStoreId()).isEqualTo("S002");

            // closed for good: no longer watched, so Wednesday raises nothing new
            stores.apply("S002", store("S002", StoreStatus.CLOSED, List.of()));
            saturday.driver.advanceWallClockTime(Duration.ofHours(24));
            assertThat(raised.isEmpty()).isTrue();
        }
    }

    /** A store registered LIVE that never sends anything is silent too, from when it was first watched. */
    @Test
    void shouldRaiseStoreSilentForALiveStoreThatHasNeverSentAndResolveWhenItDoes() {
        Instant mondayMorning = Instant.parse("2026-11-30T08:30:00Z");
        StoreDirectory stores = StoreDirectory.empty();
        try (ReconciliationDriver monday = new ReconciliationDriver(ReconciliationSettings.defaults().withStores(stores),
                mondayMorning)) {
            stores.apply("S003", store("S003", StoreStatus.PLANNED, List.of()));
            TestOutputTopic<String, ReconciliationException> raised = monday.output(Topics.EXCEPTIONS,
                    monday.serdes.of(Topics.EXCEPTIONS));
            monday.driver.advanceWallClockTime(Duration.ofHours(3));
            assertThat(raised.isEmpty()).as("a PLANNED store is not watched").isTrue();

            stores.apply("S003", store("S003", StoreStatus.LIVE, List.of())); // 11:30: it opens
            monday.driver.advanceWallClockTime(Duration.ofMinutes(1));
            monday.driver.advanceWallClockTime(Duration.ofMinutes(50));
            assertThat(raised.isEmpty()).as("not an hour since it went live").isTrue();
            monday.driver.advanceWallClockTime(Duration.ofMinutes(15));
            ReconciliationException silent = raised.readValue();
            assertThat(silent.getType()).isEqualTo(ExceptionType.STORE_SILENT);
            assertThat(silent.getStoreId()).isEqualTo("S003");

            monday.rawInput(Topics.STOCK_ADJUSTMENTS).pipeInput("S003", new byte[] {1},
                    mondayMorning.plus(Duration.ofHours(4)));
            assertThat(raised.readValue().getStatus()).isEqualTo(ExceptionStatus.RESOLVED);
        }
    }

    /**
     * A store's hours and zone changed in the registry: its next day closes at the new time. S001 traded in
     * London until 22:00; moved to Stockholm hours 10:00-18:00 (17:00Z in winter), the day of its next sale
     * is published at 17:30Z (the close plus the 30 min grace), not at 22:30Z.
     */
    @Test
    void shouldCloseTheNextDayAtTheStoresNewTimeOnceItsZoneAndHoursChange() {
        Instant morning = Instant.parse("2026-11-27T08:00:00Z");
        StoreDirectory stores = new StoreDirectory(List.of(ReconciliationDriver.LONDON));
        try (ReconciliationDriver friday = new ReconciliationDriver(ReconciliationSettings.defaults().withStores(stores),
                morning)) {
            TestInputTopic<String, PosTransaction> sales = friday.input(Topics.POS_TRANSACTIONS,
                    friday.serdes.of(Topics.POS_TRANSACTIONS));
            TestOutputTopic<String, DailyStoreTotals> totals = friday.output(Topics.DAILY_TOTALS,
                    friday.serdes.of(Topics.DAILY_TOTALS));
            stores.apply("S001", Store.newBuilder(store("S001", StoreStatus.LIVE, List.of()))
                    .setTimezone("Europe/Stockholm").setHours(StoreRecords.hours(StoreRecords.parseHours("daily=10:00-18:00")))
                    .build());

            Instant sold = Instant.parse("2026-11-27T10:00:00Z");
            sales.pipeInput("S001", sale(sold, LocalDate.parse("2026-11-27")), sold);
            friday.driver.advanceWallClockTime(Duration.between(morning, Instant.parse("2026-11-27T17:29:00Z")));
            assertThat(totals.isEmpty()).as("not before its new close plus grace").isTrue();
            friday.driver.advanceWallClockTime(Duration.ofMinutes(2));
            DailyStoreTotals day = totals.readValue();
            assertThat(day.getFinal$()).isTrue();
            assertThat(day.getBusinessDate()).isEqualTo(LocalDate.parse("2026-11-27"));
        }
    }

    private static PosTransaction sale(Instant at, LocalDate businessDate) {
        return PosTransaction.newBuilder().setTransactionId("S001-T01-1").setStoreId("S001").setTillId("T01")
                .setType(TransactionType.SALE).setOccurredAt(at).setReceivedAt(at).setBusinessDate(businessDate)
                .setCurrency("SEK").setLines(List.of(TransactionLine.newBuilder().setSku("TEE-M").setQuantity(1)
                        .setUnitPrice(new BigDecimal("300.0000")).setDiscount(new BigDecimal("0.0000"))
                        .setTax(new BigDecimal("60.0000")).build()))
                .setTenders(List.of(Tender.newBuilder().setMethod("CARD").setAmount(new BigDecimal("300.0000")).build()))
                .build();
    }

    private static Store store(String id, StoreStatus status, List<String> closedDays) {
        return Store.newBuilder().setStoreId(id).setName(id).setTimezone("Europe/London").setStatus(status)
                .setCentraWarehouseId(2).setHours(StoreRecords.hours(StoreRecords.parseHours("Mon-Sat=09:00-22:00")))
                .setClosedDays(closedDays).setTills(List.of()).setUpdatedAt(Instant.EPOCH).setUpdatedBy("test").build();
    }

}
