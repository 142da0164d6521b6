package io.tillstream.domain.stores;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tillstream.schemas.StoreStatus;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StoreInfoTest {

    /** A London bar: Monday to Saturday 18:00 to 02:00, closed on Sundays and on Christmas Day. */
    private static final StoreInfo BAR = new StoreInfo("S009", "Soho bar", ZoneId.of("Europe/London"), StoreStatus.LIVE,
            StoreRecords.parseHours("Mon-Sat=18:00-02:00"), Set.of(LocalDate.parse("2026-12-25")));

    @Test
    void shouldPutASaleAfterMidnightOnTheEveningItsWindowOpened() {
        // Saturday 01:30 is still Friday's business day; Saturday 12:00 is Saturday's
        assertThat(BAR.businessDateOf(Instant.parse("2026-12-05T01:30:00Z"))).isEqualTo(LocalDate.parse("2026-12-04"));
        assertThat(BAR.businessDateOf(Instant.parse("2026-12-05T12:00:00Z"))).isEqualTo(LocalDate.parse("2026-12-05"));
        assertThat(BAR.closesAt(LocalDate.parse("2026-12-04"))).isEqualTo(Instant.parse("2026-12-05T02:00:00Z"));
    }

    @Test
    void shouldNotTradeOnAWeekdayItDoesNotOpenNorOnACalendarDay() {
        // Sunday 20:00: closed; Saturday night's window still runs into Sunday 01:00
        assertThat(BAR.windowAt(Instant.parse("2026-12-06T20:00:00Z"))).isEmpty();
        assertThat(BAR.windowAt(Instant.parse("2026-12-06T01:00:00Z"))).get()
                .extracting(StoreInfo.Window::businessDate).isEqualTo(LocalDate.parse("2026-12-05"));
        // Friday 25 December is a closed day; the day still closes (a refund taken anyway is counted)
        assertThat(BAR.windowAt(Instant.parse("2026-12-25T19:00:00Z"))).isEmpty();
        assertThat(BAR.closesAt(LocalDate.parse("2026-12-25"))).isEqualTo(Instant.parse("2026-12-25T23:59:00Z"));
    }

    @Test
    void shouldOpenAtTheLocalTimeOnBothSidesOfADstChange() {
        StoreInfo stockholm = new StoreInfo("S002", "Stockholm", ZoneId.of("Europe/Stockholm"), LocalTime.of(10, 0),
                LocalTime.of(19, 0));
        assertThat(stockholm.window(LocalDate.parse("2026-10-24")).orElseThrow().opens())
                .isEqualTo(Instant.parse("2026-10-24T08:00:00Z"));
        assertThat(stockholm.window(LocalDate.parse("2026-10-26")).orElseThrow().opens())
                .isEqualTo(Instant.parse("2026-10-26T09:00:00Z"));
    }

    @Test
    void shouldReadAndWriteTheOneFormOfOpeningHours() {
        var week = StoreRecords.parseHours("Mon-Fri=09:00-20:00, Sat=10:00-18:00");
        assertThat(week).hasSize(6).doesNotContainKey(DayOfWeek.SUNDAY)
                .containsEntry(DayOfWeek.WEDNESDAY, new StoreInfo.Hours(LocalTime.of(9, 0), LocalTime.of(20, 0)));
        assertThat(StoreRecords.formatHours(week)).isEqualTo("Mon-Fri=09:00-20:00,Sat=10:00-18:00");
        assertThat(StoreRecords.parseHours(StoreRecords.formatHours(week))).isEqualTo(week);
        assertThat(StoreRecords.parseHours("daily=09:00-22:00")).hasSize(7);
        assertThatThrownBy(() -> StoreRecords.parseHours("Fri-Mon=09:00-20:00")).hasMessageContaining("Monday to Sunday");
        assertThatThrownBy(() -> StoreRecords.parseHours("Funday=09:00-20:00")).hasMessageContaining("not a weekday");
        assertThatThrownBy(() -> StoreRecords.parseHours("Mon=9-20")).hasMessageContaining("HH:mm");
        assertThatThrownBy(() -> StoreRecords.parseHours("Mon=09:00-20:00,daily=10:00-11:00")).hasMessageContaining("twice");
        assertThatThrownBy(() -> StoreRecords.parseHours("Mon 09:00")).hasMessageContaining("DAYS=HH:mm-HH:mm");
    }
}
