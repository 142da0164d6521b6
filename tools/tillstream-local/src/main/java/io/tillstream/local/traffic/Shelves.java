package io.tillstream.local.traffic;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * What each simulated store has on its shelves, as its tills know it: a till sells only what a
 * customer can pick up, so the simulated traffic does not drive real SKUs below zero and the
 * exceptions the demo shows are the deliberate gaps (unknown SKUs), not noise of the simulation.
 * Deliveries top up the emptiest SKUs, as a store's replenishment would.
 * Filled before the traffic is scheduled, then used by the traffic's thread only.
 */
final class Shelves {

    private final Map<String, Map<String, Integer>> units = new HashMap<>();

    void put(String storeId, String sku, int onHand) {
        units.computeIfAbsent(storeId, s -> new HashMap<>()).put(sku, onHand);
    }

    /** A SKU the store has at least one unit of, or empty when its shelves are bare. */
    Optional<String> sellable(String storeId, Random random) {
        List<String> inStock = units.getOrDefault(storeId, Map.of()).entrySet().stream()
                .filter(e -> e.getValue() > 0).map(Map.Entry::getKey).sorted().toList();
        return inStock.isEmpty() ? Optional.empty() : Optional.of(inStock.get(random.nextInt(inStock.size())));
    }

    /** How many of {@code wanted} units the customer can take: at most what is on the shelf. */
    int take(String storeId, String sku, int wanted) {
        int onHand = units.getOrDefault(storeId, Map.of()).getOrDefault(sku, 0);
        int taken = Math.max(0, Math.min(wanted, onHand));
        if (taken > 0) {
            put(storeId, sku, onHand - taken);
        }
        return taken;
    }

    void add(String storeId, String sku, int quantity) {
        put(storeId, sku, units.getOrDefault(storeId, Map.of()).getOrDefault(sku, 0) + quantity);
    }

    /** The {@code count} SKUs of the store with the fewest units (ties by SKU, so runs repeat). */
    List<String> emptiest(String storeId, int count) {
        List<Map.Entry<String, Integer>> all = new ArrayList<>(units.getOrDefault(storeId, Map.of()).entrySet());
        all.sort(Map.Entry.<String, Integer>comparingByValue().thenComparing(Map.Entry.comparingByKey(Comparator.naturalOrder())));
        return all.stream().limit(count).map(Map.Entry::getKey).toList();
    }
}
