package io.tillstream.domain.finance;

import io.tillstream.domain.stores.StoreInfo;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;

/** The clock arithmetic of a store's business day, in its own time zone. */
public final class BusinessDay {

    private BusinessDay() {
    }

    /**
     * When the day's totals are final: its close time plus a grace for tills that post a little late.
     * A day that closes after midnight closes on the next date (see {@link StoreInfo#closesAt}).
     */
    public static Instant closesAt(StoreInfo store, LocalDate businessDate, Duration grace) {
        return store.closesAt(businessDate).plus(grace);
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

    /**
     * When the store opened the window it is trading in at {@code now}, or empty when it is not trading
     * (outside its hours, a weekday it does not open, a day its calendar closes).
     */
    public static Optional<Instant> openedAt(StoreInfo store, Instant now) {
        return store.windowAt(now).map(StoreInfo.Window::opens);
    }
}
