package io.tillstream.domain.stores;

import io.tillstream.schemas.StoreStatus;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the rules need to know of a store: its time zone, its weekly opening hours and the days its
 * calendar closes it. A business day is the day a trading window opens on, so a sale at 01:00 in a
 * store open 18:00–02:00 belongs to the evening before.
 *
 * @param week       each weekday's hours; a weekday absent is a day the store is closed
 * @param closedDays local dates closed beyond the weekly hours (holidays, stocktake days)
 */
public record StoreInfo(String storeId, String name, ZoneId timezone, StoreStatus status, Map<DayOfWeek, Hours> week,
                        Set<LocalDate> closedDays) {

    /** One weekday's hours, local. A close at or before the open is after midnight. */
    public record Hours(LocalTime open, LocalTime close) {

        public boolean closesAfterMidnight() {
            return !close.isAfter(open);
        }
    }

    /** A trading window as instants, and the business day it belongs to. */
    public record Window(LocalDate businessDate, Instant opens, Instant closes) {

        public boolean contains(Instant at) {
            return !at.isBefore(opens) && at.isBefore(closes);
        }
    }

    public StoreInfo {
        week = Map.copyOf(week);
        closedDays = Set.copyOf(closedDays);
    }

    /** A LIVE store open every day from {@code open} to {@code close}, with no calendar. */
    public StoreInfo(String storeId, String name, ZoneId timezone, LocalTime open, LocalTime close) {
        this(storeId, name, timezone, StoreStatus.LIVE, everyDay(open, close), Set.of());
    }

    public static Map<DayOfWeek, Hours> everyDay(LocalTime open, LocalTime close) {
        Map<DayOfWeek, Hours> week = new EnumMap<>(DayOfWeek.class);
        for (DayOfWeek day : DayOfWeek.values()) {
            week.put(day, new Hours(open, close));
        }
        return week;
    }

    /** The window that opens on {@code businessDate}, or empty when the store is closed that day. */
    public Optional<Window> window(LocalDate businessDate) {
        Hours hours = week.get(businessDate.getDayOfWeek());
        if (hours == null || closedDays.contains(businessDate)) {
            return Optional.empty();
        }
        LocalDate closeDate = hours.closesAfterMidnight() ? businessDate.plusDays(1) : businessDate;
        // Across a DST change the zone rules pick the real instant (a gap moves the time forward).
        return Optional.of(new Window(businessDate, ZonedDateTime.of(businessDate, hours.open(), timezone).toInstant(),
                ZonedDateTime.of(closeDate, hours.close(), timezone).toInstant()));
    }

    /** The window the store is trading in at {@code at}, if it is. */
    public Optional<Window> windowAt(Instant at) {
        LocalDate local = at.atZone(timezone).toLocalDate();
        return window(local.minusDays(1)).filter(w -> w.contains(at))
                .or(() -> window(local).filter(w -> w.contains(at)));
    }

    /**
     * The business day an event at {@code at} belongs to: the day before when it falls in a window that
     * opened the evening before and closes after midnight, the local date otherwise.
     */
    public LocalDate businessDateOf(Instant at) {
        LocalDate local = at.atZone(timezone).toLocalDate();
        return window(local.minusDays(1)).filter(w -> w.contains(at)).map(Window::businessDate).orElse(local);
    }

    /**
     * When the business day closes. A day the store should be closed still closes (a store that opened
     * anyway, a refund taken on a Sunday): at the default close of that date.
     */
    public Instant closesAt(LocalDate businessDate) {
        return window(businessDate).map(Window::closes)
                .orElseGet(() -> ZonedDateTime.of(businessDate, StoreFile.DEFAULT_CLOSE, timezone).toInstant());
    }

    /** Whether silence from the store is worth an alarm: a planned or closed store is expected to be quiet. */
    public boolean watched() {
        return status == StoreStatus.LIVE;
    }
}
