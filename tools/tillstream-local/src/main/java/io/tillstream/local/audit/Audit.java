package io.tillstream.local.audit;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** The comparison itself, apart from any I/O: the ledger per location against Centra per warehouse. */
public final class Audit {

    private Audit() {
    }

    /**
     * @param ledger  per {@code locationId|sku}
     * @param centra  per warehouse, per SKU, Centra's physical stock
     * @param mapping the sink's location → warehouse mapping
     * @param only    one warehouse, or null for all
     * @return every row, matches included, ordered by warehouse and SKU
     */
    public static List<AuditRow> compare(Map<String, LedgerState> ledger, Map<Integer, Map<String, Integer>> centra,
                                         Map<String, Integer> mapping, Integer only) {
        Map<String, Map<String, LedgerState>> byLocation = new HashMap<>();
        ledger.values().forEach(s -> byLocation.computeIfAbsent(s.locationId(), l -> new HashMap<>()).put(s.sku(), s));
        List<AuditRow> rows = new ArrayList<>();
        for (Map.Entry<String, Integer> m : mapping.entrySet()) {
            if (only != null && !only.equals(m.getValue())) {
                continue;
            }
            Map<String, LedgerState> sizes = byLocation.getOrDefault(m.getKey(), Map.of());
            Map<String, Integer> stock = centra.getOrDefault(m.getValue(), Map.of());
            TreeSet<String> skus = new TreeSet<>(sizes.keySet());
            skus.addAll(stock.keySet());
            for (String sku : skus) {
                rows.add(row(m.getKey(), m.getValue(), sku, sizes.get(sku), stock.get(sku)));
            }
        }
        centra.forEach((warehouse, stock) -> {
            boolean mapped = mapping.containsValue(warehouse);
            int units = stock.values().stream().mapToInt(Integer::intValue).sum();
            if (!mapped && (only == null || only.equals(warehouse)) && units != 0) {
                rows.add(new AuditRow(AuditStatus.UNMAPPED_WAREHOUSE, warehouse, null, null, null, units, null, null,
                        stock.size() + " sizes"));
            }
        });
        if (only == null) {
            byLocation.forEach((location, sizes) -> {
                if (!mapping.containsKey(location)) {
                    rows.add(new AuditRow(AuditStatus.UNMAPPED_LOCATION, null, location, null,
                            sizes.values().stream().mapToInt(s -> s.onHand() == null ? 0 : s.onHand()).sum(), null,
                            null, null, sizes.size() + " sizes"));
                }
            });
        }
        rows.sort(Comparator.comparing((AuditRow r) -> r.warehouseId() == null ? Integer.MAX_VALUE : r.warehouseId())
                .thenComparing(r -> r.locationId() == null ? "" : r.locationId())
                .thenComparing(r -> r.sku() == null ? "" : r.sku()));
        return rows;
    }

    private static AuditRow row(String location, int warehouse, String sku, LedgerState state, Integer physical) {
        Integer onHand = state == null ? null : state.onHand();
        AuditStatus status;
        if (state != null && state.inFlight()) {
            status = AuditStatus.PENDING;
        } else if (onHand != null && onHand < 0) {
            status = AuditStatus.NEGATIVE_LEDGER;
        } else if ((onHand == null ? 0 : onHand) == (physical == null ? 0 : physical)) {
            status = AuditStatus.MATCH;
        } else if (physical == null) {
            status = AuditStatus.ONLY_LEDGER;
        } else if (onHand == null) {
            status = AuditStatus.ONLY_CENTRA;
        } else {
            status = AuditStatus.DRIFT;
        }
        return new AuditRow(status, warehouse, location, sku, onHand, physical,
                state == null ? null : state.lastMutation(),
                state == null || state.confirmedSequence() == 0 ? null : state.confirmedSequence(),
                state == null || state.causes() == null ? null : String.join(" ", state.causes()));
    }

    /**
     * Keeps a difference only if a second audit finds the same one on the same ledger sequence;
     * any other first-pass difference was moving while it was read, and is PENDING.
     *
     * @return the second pass's rows, with differences not seen alike in the first made PENDING
     */
    public static List<AuditRow> confirm(List<AuditRow> first, List<AuditRow> second, Map<String, LedgerState> before,
                                         Map<String, LedgerState> after) {
        Map<String, AuditRow> firstByKey = new HashMap<>();
        first.forEach(r -> firstByKey.put(r.warehouseId() + "|" + r.locationId() + "|" + r.sku(), r));
        List<AuditRow> confirmed = new ArrayList<>();
        for (AuditRow r : second) {
            String key = r.locationId() + "|" + r.sku();
            AuditRow earlier = firstByKey.get(r.warehouseId() + "|" + r.locationId() + "|" + r.sku());
            boolean same = earlier != null && earlier.status() == r.status() && earlier.difference() == r.difference()
                    && sequence(before.get(key)) == sequence(after.get(key));
            confirmed.add(!r.status().repairable() || same ? r : new AuditRow(AuditStatus.PENDING, r.warehouseId(),
                    r.locationId(), r.sku(), r.ledger(), r.centra(), r.lastMutation(), r.lastSequence(), r.causes()));
        }
        return confirmed;
    }

    private static long sequence(LedgerState state) {
        return state == null ? -1 : state.latestSequence();
    }

    /**
     * A difference whose size still has a correction queued in the Centra sink (an earlier
     * {@code --repair} that was stopped or timed out) is in flight, not judged: corrected again, it
     * would be corrected twice.
     *
     * @param queued the sizes ({@code locationId|sku}) with an unsettled correction
     */
    public static List<AuditRow> holdQueued(List<AuditRow> rows, Set<String> queued) {
        return rows.stream().map(r -> r.status().repairable() && queued.contains(r.locationId() + "|" + r.sku())
                ? new AuditRow(AuditStatus.PENDING, r.warehouseId(), r.locationId(), r.sku(), r.ledger(), r.centra(),
                r.lastMutation(), r.lastSequence(), "a correction is still queued in the Centra sink")
                : r).toList();
    }
}
