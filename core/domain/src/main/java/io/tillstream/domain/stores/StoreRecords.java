package io.tillstream.domain.stores;

import io.tillstream.schemas.OpeningHours;
import io.tillstream.schemas.Store;
import io.tillstream.schemas.StoreStatus;
import io.tillstream.schemas.TillToken;
import io.tillstream.schemas.Weekday;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Between the registry's {@link Store} records and what the rules use, and the one written form of
 * opening hours that the command line, {@code stores.yml} and the docs share:
 * {@code Mon-Fri=09:00-20:00,Sat=10:00-18:00} (a weekday not named is closed; {@code daily=...} names all
 * seven; a close at or before the open is after midnight).
 */
public final class StoreRecords {

    /** The till name of a store-wide token, as {@code stores.yml} had one token per store. */
    public static final String STORE_WIDE_TILL = "store";

    private static final List<String> DAYS = List.of("MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN");

    private StoreRecords() {
    }

    public static StoreInfo info(Store record) {
        Map<DayOfWeek, StoreInfo.Hours> week = new EnumMap<>(DayOfWeek.class);
        if (record.getHours().isEmpty()) {
            week.putAll(StoreInfo.everyDay(StoreFile.DEFAULT_OPEN, StoreFile.DEFAULT_CLOSE));
        }
        for (OpeningHours h : record.getHours()) {
            week.put(DayOfWeek.valueOf(h.getDay().name()),
                    new StoreInfo.Hours(LocalTime.parse(h.getOpen()), LocalTime.parse(h.getClose())));
        }
        Set<LocalDate> closed = new LinkedHashSet<>();
        record.getClosedDays().forEach(d -> closed.add(LocalDate.parse(d)));
        return new StoreInfo(record.getStoreId(), record.getName(), ZoneId.of(record.getTimezone()), record.getStatus(),
                week, closed);
    }

    /** A {@code stores.yml} entry as a LIVE registry record, its one token store-wide. */
    public static Store of(StoreFile.Entry entry, Instant at, String by) {
        List<TillToken> tills = entry.tokenSha256() == null ? List.of()
                : List.of(new TillToken(STORE_WIDE_TILL, HexFormat.of().formatHex(entry.tokenSha256())));
        return Store.newBuilder().setStoreId(entry.storeId()).setName(entry.name())
                .setTimezone(entry.timezone().getId()).setStatus(StoreStatus.LIVE)
                .setCentraWarehouseId(entry.centraWarehouseId() == null ? 0 : entry.centraWarehouseId())
                .setHours(hours(entry.week())).setClosedDays(entry.closedDays().stream().map(LocalDate::toString).toList())
                .setTills(tills).setUpdatedAt(at).setUpdatedBy(by).build();
    }

    /**
     * Reads the written form of opening hours.
     *
     * @throws IllegalArgumentException naming the part that is wrong
     */
    public static Map<DayOfWeek, StoreInfo.Hours> parseHours(String text) {
        Map<DayOfWeek, StoreInfo.Hours> week = new EnumMap<>(DayOfWeek.class);
        for (String part : text.split(",")) {
            String[] daysAndTimes = part.trim().split("=", 2);
            String[] times = daysAndTimes.length == 2 ? daysAndTimes[1].trim().split("-", 2) : new String[0];
            if (times.length != 2) {
                throw new IllegalArgumentException("opening hours \"" + part.trim()
                        + "\": expected DAYS=HH:mm-HH:mm, e.g. Mon-Fri=09:00-20:00");
            }
            StoreInfo.Hours hours;
            try {
                hours = new StoreInfo.Hours(LocalTime.parse(times[0].trim()), LocalTime.parse(times[1].trim()));
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("opening hours \"" + part.trim() + "\": times are HH:mm, e.g. 09:00");
            }
            for (DayOfWeek day : days(daysAndTimes[0].trim(), part.trim())) {
                if (week.put(day, hours) != null) {
                    throw new IllegalArgumentException("opening hours name " + day + " twice");
                }
            }
        }
        return week;
    }

    /** The written form of a week: consecutive days with the same hours as one range (Mon-Sat=09:00-20:00). */
    public static String formatHours(Map<DayOfWeek, StoreInfo.Hours> week) {
        List<String> parts = new ArrayList<>();
        DayOfWeek[] days = DayOfWeek.values();
        for (int first = 0; first < days.length; ) {
            StoreInfo.Hours hours = week.get(days[first]);
            int last = first;
            while (last + 1 < days.length && hours != null && hours.equals(week.get(days[last + 1]))) {
                last++;
            }
            if (hours != null) {
                parts.add(name(first) + (last > first ? "-" + name(last) : "") + "=" + hours.open() + "-" + hours.close());
            }
            first = last + 1;
        }
        return String.join(",", parts);
    }

    private static String name(int day) {
        return DAYS.get(day).charAt(0) + DAYS.get(day).substring(1).toLowerCase(Locale.ROOT);
    }

    public static List<OpeningHours> hours(Map<DayOfWeek, StoreInfo.Hours> week) {
        return week.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> new OpeningHours(Weekday.valueOf(e.getKey().name()), e.getValue().open().toString(),
                        e.getValue().close().toString())).toList();
    }

    private static List<DayOfWeek> days(String spec, String part) {
        String upper = spec.toUpperCase(Locale.ROOT);
        if (upper.equals("DAILY")) {
            return List.of(DayOfWeek.values());
        }
        String[] range = upper.split("-", 2);
        int from = day(range[0], part);
        int to = range.length == 2 ? day(range[1], part) : from;
        if (to < from) {
            throw new IllegalArgumentException("opening hours \"" + part + "\": a day range runs Monday to Sunday, e.g. Mon-Fri");
        }
        List<DayOfWeek> days = new ArrayList<>();
        for (int d = from; d <= to; d++) {
            days.add(DayOfWeek.of(d + 1));
        }
        return days;
    }

    private static int day(String name, String part) {
        String key = name.trim();
        int index = DAYS.indexOf(key);
        if (index < 0) {
            index = Arrays.stream(DayOfWeek.values()).filter(d -> d.name().equals(key)).mapToInt(DayOfWeek::ordinal)
                    .findFirst().orElse(-1);
        }
        if (index < 0) {
            throw new IllegalArgumentException("opening hours \"" + part + "\": " + name.trim()
                    + " is not a weekday (Mon, Tue, Wed, Thu, Fri, Sat, Sun or daily)");
        }
        return index;
    }
}
