package io.tillstream.reconciliation.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.tillstream.domain.stores.StoreDirectory;
import io.tillstream.domain.stores.StoreRecords;
import io.tillstream.reconciliation.ReconciliationSettings;
import io.tillstream.schemas.ExceptionStatus;
import io.tillstream.schemas.ExceptionType;
import io.tillstream.schemas.ReconciliationException;
import io.tillstream.schemas.Store;
import io.tillstream.schemas.StoreStatus;
import io.tillstream.schemas.Topics;
import java.time.Duration;
import java.time.Instant;
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

    private static Store store(String id, StoreStatus status, List<String> closedDays) {
        return Store.newBuilder().setStoreId(id).setName(id).setTimezone("Europe/London").setStatus(status)
                .setCentraWarehouseId(2).setHours(StoreRecords.hours(StoreRecords.parseHours("Mon-Sat=09:00-22:00")))
                .setClosedDays(closedDays).setTills(List.of()).setUpdatedAt(Instant.EPOCH).setUpdatedBy("test").build();
    }

}
