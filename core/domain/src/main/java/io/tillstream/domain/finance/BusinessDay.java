package io.tillstream.domain.finance;

import io.tillstream.domain.stores.StoreInfo;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;

/** The clock arithmetic of a store's business day, in its own time zone. */
public final class BusinessDay {

    private BusinessDay() {
    }

    /**
     * When the day's totals are final: its close time plus a grace for tills that post a little late.
     * Across a DST change the zone rules pick the real instant (a gap moves the close forward).
     */
    public static Instant closesAt(StoreInfo store, LocalDate businessDate, Duration grace) {
        return ZonedDateTime.of(businessDate, store.dayClose(), store.timezone()).toInstant().plus(grace);
    }

    /**
     * When a payout for the day is overdue: the end of the {@code bankingDays}-th banking day after it,
     * in the store's zone. Providers pay out on banking days (Monday to Friday), so a Saturday's card
     * sales with two banking days are due by the end of Tuesday; public holidays are not known here
     * and give a day's grace too little (the store calendar of the store registry will carry them).
     */
    public static Instant payoutDueBy(StoreInfo store, LocalDate businessDate, int bankingDays) {
        LocalDate due = businessDate;
        for (int counted = 0; counted < bankingDays; ) {
            due = due.plusDays(1);
            if (due.getDayOfWeek() != DayOfWeek.SATURDAY && due.getDayOfWeek() != DayOfWeek.SUNDAY) {
                counted++;
            }
        }
        return due.plusDays(1).atStartOfDay(store.timezone()).toInstant();
    }

    /** Whether the store is trading at {@code now} (between its open and close time, local). */
    public static boolean trading(StoreInfo store, Instant now) {
        var local = now.atZone(store.timezone()).toLocalTime();
        return !local.isBefore(store.dayOpen()) && local.isBefore(store.dayClose());
    }

    /** Today's opening instant for the store, as seen at {@code now}. */
    public static Instant openedAt(StoreInfo store, Instant now) {
        LocalDate today = now.atZone(store.timezone()).toLocalDate();
        return ZonedDateTime.of(today, store.dayOpen(), store.timezone()).toInstant();
    }
}
