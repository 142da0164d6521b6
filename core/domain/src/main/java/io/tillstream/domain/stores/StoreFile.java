package io.tillstream.domain.stores;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code stores.yml}, read once for every service: pos-ingest authenticates the tills with it,
 * reconciliation closes the stores' days by it. Each had its own reader, and they disagreed: a store
 * listed twice was the first entry to pos-ingest and the last to reconciliation, so a wrong copy could
 * put a store's sales on one time zone and its day close on another. A file that says anything twice or
 * unreadable is refused as a whole, naming the store and the field.
 * <pre>
 * stores:
 *   - storeId: S001
 *     name: London Soho
 *     timezone: Europe/London
 *     centraWarehouseId: 1
 *     hours: "Mon-Sat=09:00-20:00,Sun=11:00-17:00"   # optional; days not named are closed
 *     closedDays: [2026-12-25, 2026-12-26]            # optional
 *     tokenSha256: 9f86d0…   # sha-256 of the till's bearer token, hex
 * </pre>
 * The older {@code dayOpen}/{@code dayClose} pair (the same hours every day) is still read.
 *
 * <p>The file is an import format: {@code ./tillstream store import --file stores.yml} writes it into
 * the store registry ({@code stores.v1}), which is what the services follow.
 */
public final class StoreFile {

    /** When a store does not say: its days still close. */
    public static final LocalTime DEFAULT_OPEN = LocalTime.of(9, 0);
    public static final LocalTime DEFAULT_CLOSE = LocalTime.of(23, 59);

    /**
     * One store as the file has it.
     *
     * @param centraWarehouseId null when not given
     * @param tokenSha256       null when not given
     */
    public record Entry(String storeId, String name, ZoneId timezone, Integer centraWarehouseId,
                        Map<DayOfWeek, StoreInfo.Hours> week, List<LocalDate> closedDays, byte[] tokenSha256) {
    }

    private StoreFile() {
    }

    public static List<Entry> read(Path file) {
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the store file " + file.toAbsolutePath(), e);
        }
        List<Entry> stores = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (JsonNode s : root == null ? List.<JsonNode>of() : root.path("stores")) {
            String storeId = text(s, "storeId");
            if (storeId == null) {
                throw new IllegalStateException("A store in " + file.toAbsolutePath() + " has no storeId: " + s);
            }
            if (!ids.add(storeId)) {
                throw new IllegalStateException("Store " + storeId + " is listed twice in " + file.toAbsolutePath()
                        + ": keep one entry");
            }
            String zone = text(s, "timezone");
            if (zone == null) {
                throw refused(file, storeId, "timezone", "is missing (an IANA zone such as Europe/London)");
            }
            try {
                stores.add(new Entry(storeId, s.path("name").asText(storeId), ZoneId.of(zone),
                        s.hasNonNull("centraWarehouseId") ? s.get("centraWarehouseId").asInt() : null,
                        week(s, file, storeId), closedDays(s, file, storeId),
                        s.hasNonNull("tokenSha256") ? hex(s.get("tokenSha256").asText(), file, storeId) : null));
            } catch (DateTimeException e) {
                throw refused(file, storeId, "timezone", "is not a time zone: " + zone);
            }
        }
        return stores;
    }

    private static String text(JsonNode store, String field) {
        JsonNode value = store.get(field);
        return value == null || value.isNull() || value.asText().isBlank() ? null : value.asText();
    }

    private static Map<DayOfWeek, StoreInfo.Hours> week(JsonNode store, Path file, String storeId) {
        String hours = text(store, "hours");
        if (hours == null) {
            return StoreInfo.everyDay(time(store, "dayOpen", DEFAULT_OPEN, file, storeId),
                    time(store, "dayClose", DEFAULT_CLOSE, file, storeId));
        }
        try {
            return StoreRecords.parseHours(hours);
        } catch (IllegalArgumentException e) {
            throw refused(file, storeId, "hours", e.getMessage());
        }
    }

    private static List<LocalDate> closedDays(JsonNode store, Path file, String storeId) {
        List<LocalDate> days = new ArrayList<>();
        for (JsonNode day : store.path("closedDays")) {
            try {
                days.add(LocalDate.parse(day.asText()));
            } catch (DateTimeParseException e) {
                throw refused(file, storeId, "closedDays", "holds " + day.asText() + ", not a date such as 2026-12-25");
            }
        }
        return days;
    }

    private static LocalTime time(JsonNode store, String field, LocalTime fallback, Path file, String storeId) {
        String value = text(store, field);
        try {
            return value == null ? fallback : LocalTime.parse(value);
        } catch (DateTimeParseException e) {
            throw refused(file, storeId, field, "is not a time of day such as \"22:00\": " + value);
        }
    }

    private static byte[] hex(String value, Path file, String storeId) {
        try {
            return HexFormat.of().parseHex(value);
        } catch (IllegalArgumentException e) {
            throw refused(file, storeId, "tokenSha256", "is not hex (./tillstream token prints it)");
        }
    }

    private static IllegalStateException refused(Path file, String storeId, String field, String why) {
        return new IllegalStateException("Store " + storeId + " in " + file.toAbsolutePath() + ": " + field + " " + why);
    }
}
