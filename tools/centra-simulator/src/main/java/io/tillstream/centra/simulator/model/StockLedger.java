package io.tillstream.centra.simulator.model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Stock per (warehouse × size) and the append-only list of applied stock changes. A row exists
 * once the pair has been seeded, changed or allocated; a missing row reads as zero.
 * Not thread-safe: {@link Simulation} guards it.
 */
public final class StockLedger {

    // Keyed by warehouse then size so one warehouse's rows are a contiguous, ordered range.
    private final NavigableMap<Long, StockLevel> levels = new TreeMap<>();
    private final List<StockChange> changes = new ArrayList<>();
    private final Map<String, List<StockChange>> changesByDescription = new HashMap<>();
    private final Map<Integer, StockChange> changesById = new HashMap<>();

    public StockLevel level(final int warehouseId, final int productSizeId) {
        final StockLevel level = levels.get(key(warehouseId, productSizeId));
        return level != null ? level : StockLevel.empty(warehouseId, productSizeId);
    }

    public boolean exists(final int warehouseId, final int productSizeId) {
        return levels.containsKey(key(warehouseId, productSizeId));
    }

    public void put(final StockLevel level) {
        levels.put(key(level.warehouseId(), level.productSizeId()), level);
    }

    public List<StockLevel> inWarehouse(final int warehouseId) {
        return List.copyOf(levels.subMap(key(warehouseId, 0), true, key(warehouseId, Integer.MAX_VALUE), true).values());
    }

    public List<StockLevel> all() {
        return List.copyOf(levels.values());
    }

    public void record(final StockChange change) {
        changes.add(change);
        changesById.put(change.id(), change);
        changesByDescription.computeIfAbsent(change.description(), k -> new ArrayList<>()).add(change);
    }

    public List<StockChange> changes() {
        return List.copyOf(changes);
    }

    public Optional<StockChange> change(final int id) {
        return Optional.ofNullable(changesById.get(id));
    }

    public List<StockChange> changesWithDescription(final String description) {
        return List.copyOf(changesByDescription.getOrDefault(description, List.of()));
    }

    private static long key(final int warehouseId, final int productSizeId) {
        return ((long) warehouseId << 32) | (productSizeId & 0xFFFFFFFFL);
    }
}
