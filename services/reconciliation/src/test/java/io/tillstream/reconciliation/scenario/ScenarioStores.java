package io.tillstream.reconciliation.scenario;

import io.tillstream.reconciliation.ReconciliationSettings;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The scenarios' stores, each given a time zone chosen from the current instant so that the test
 * means the same thing at any hour it runs: a <em>closed</em> store is at about 03:00 local (its
 * business day closed at 21:00 hours ago, and it is not trading, so silence is normal), a
 * <em>trading</em> store is at about noon, and a <em>closing</em> store has closed its tills and
 * its day becomes final (close plus the production grace) {@link #CLOSING_IN} after the stores were
 * made. Ids carry a per-run prefix, as the broker is shared.
 */
final class ScenarioStores {

    static final LocalTime OPEN = LocalTime.of(9, 0);
    static final LocalTime CLOSE = LocalTime.of(21, 0);
    static final String LATE = "LATE";
    static final String SETTLEMENT = "SETTLE";
    static final String UNPAID = "UNPAID";
    static final String SILENT = "SILENT";
    static final String CLEAN_A = "CLEAN-A";
    static final String CLEAN_B = "CLEAN-B";
    /** Time for reconciliation to start and for a scenario to send the day before it is final. */
    static final Duration CLOSING_IN = Duration.ofSeconds(20);
    private static final List<String> CLOSED = List.of(LATE, SETTLEMENT, UNPAID);
    private static final List<String> TRADING = List.of(SILENT);
    private static final List<String> CLOSING = List.of(CLEAN_A, CLEAN_B);

    private final String run;
    private final Map<String, ZoneOffset> zones = new LinkedHashMap<>();

    ScenarioStores(String run, Instant now) {
        this.run = run;
        ZoneOffset night = offsetWhereItIs(LocalTime.of(3, 0), now);
        ZoneOffset noon = offsetWhereItIs(LocalTime.NOON, now);
        ZoneOffset closing = offsetWhereItIs(CLOSE.plus(ReconciliationSettings.DEFAULT_CLOSE_GRACE),
                now.plus(CLOSING_IN));
        CLOSED.forEach(role -> zones.put(id(role), night));
        TRADING.forEach(role -> zones.put(id(role), noon));
        CLOSING.forEach(role -> zones.put(id(role), closing));
    }

    /** The store id of a role, or a SKU / location name unique to this run. */
    String id(String role) {
        return run + "-" + role;
    }

    /** The store's business day before today, in its own zone: closed at {@link #CLOSE}. */
    LocalDate yesterday(String storeId) {
        return LocalDate.now(zone(storeId)).minusDays(1);
    }

    LocalDate today(String storeId) {
        return LocalDate.now(zone(storeId));
    }

    /** When the day's totals become final: the close plus reconciliation's (production) grace. */
    Instant finalAt(String storeId, LocalDate day) {
        return at(storeId, day, CLOSE).plus(ReconciliationSettings.DEFAULT_CLOSE_GRACE);
    }

    Instant at(String storeId, LocalDate day, LocalTime localTime) {
        return ZonedDateTime.of(day, localTime, zone(storeId)).toInstant();
    }

    /** pos-ingest's store file, as reconciliation reads it (token hashes are pos-ingest's concern). */
    String yaml() {
        return zones.entrySet().stream().map(s -> "  - {storeId: " + s.getKey() + ", name: \"" + s.getKey()
                        + "\", timezone: \"" + s.getValue().getId() + "\", centraWarehouseId: 1, dayOpen: \"" + OPEN
                        + "\", dayClose: \"" + CLOSE + "\", tokenSha256: \"00\"}")
                .collect(Collectors.joining("\n", "stores:\n", "\n"));
    }

    private ZoneOffset zone(String storeId) {
        ZoneOffset zone = zones.get(storeId);
        if (zone == null) {
            throw new IllegalArgumentException(storeId + " is not one of the scenario stores " + zones.keySet());
        }
        return zone;
    }

    /** The offset (within ±12 h) at which it is {@code local} at {@code now}. */
    private static ZoneOffset offsetWhereItIs(LocalTime local, Instant now) {
        int day = 24 * 3600;
        int utc = now.atOffset(ZoneOffset.UTC).toLocalTime().toSecondOfDay();
        return ZoneOffset.ofTotalSeconds(Math.floorMod(local.toSecondOfDay() - utc + day / 2, day) - day / 2);
    }
}
