package io.tillstream.centra.simulator.model;

import java.util.Map;
import java.util.TreeMap;

/** The simulator's id counters, one per kind, kept in the snapshot so ids are never reused. */
public final class IdSequence {

    public static final String PRODUCT = "product";
    public static final String VARIANT = "variant";
    public static final String SIZE = "size";
    public static final String MARKET = "market";
    public static final String WAREHOUSE = "warehouse";
    public static final String STOCK_CHANGE = "stockChange";
    public static final String EVENT = "event";
    public static final String ORDER = "order";

    private final Map<String, Integer> last = new TreeMap<>();

    public int next(final String kind) {
        return last.merge(kind, 1, Integer::sum);
    }

    /** Keeps ids given from outside (warehouses, markets) from colliding with assigned ones. */
    public void reserve(final String kind, final int id) {
        last.merge(kind, id, Math::max);
    }

    public Map<String, Integer> export() {
        return Map.copyOf(last);
    }

    public void restore(final Map<String, Integer> counters) {
        last.clear();
        last.putAll(counters);
    }
}
