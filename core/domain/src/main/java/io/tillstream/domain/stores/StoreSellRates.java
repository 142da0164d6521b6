package io.tillstream.domain.stores;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Each store's recent sell rate per selling size: units sold per hour (an exponentially weighted
 * rate that forgets with a time constant), divided by the number of sizes that sold within that
 * time. Per selling size, because the webshop oversells one size at a time; sizes that did not sell
 * would dilute it towards zero.
 *
 * <p>Counted from the stock changes a process sees, by when they happened: a backlog that arrives
 * late counts at its own time, not as a burst. Kept in memory: after a restart the rate is learnt
 * again from the changes as they come (a re-delivered change counts again until it is forgotten).
 */
public final class StoreSellRates {

    private final long tauMillis;
    private final Map<String, Rate> byStore = new HashMap<>();

    /** @param memory the time constant: a sale weighs 1/e as much after this long */
    public StoreSellRates(Duration memory) {
        if (memory.isNegative() || memory.isZero()) {
            throw new IllegalArgumentException("memory must be positive");
        }
        this.tauMillis = memory.toMillis();
    }

    /** A removal of {@code units} of a size at a store, at {@code atMillis}. */
    public void sold(String storeId, String sku, int units, long atMillis) {
        if (units > 0) {
            byStore.computeIfAbsent(storeId, s -> new Rate()).add(sku, units, atMillis);
        }
    }

    /**
     * Units per hour per size that sold within the memory before {@code nowMillis}; 0 for a store with
     * no such sale. Asked as of the moment a store fell silent, it is the rate the store had then.
     */
    public double perSizePerHour(String storeId, long nowMillis) {
        Rate rate = byStore.get(storeId);
        return rate == null ? 0 : rate.perSizePerHour(nowMillis);
    }

    private final class Rate {
        /** Decayed units as of {@link #at}; at a steady rate r per ms it tends to r × tau. */
        private double weight;
        private long at;
        private final Map<String, Long> lastSale = new HashMap<>();

        void add(String sku, int units, long atMillis) {
            if (atMillis >= at) {
                weight = weight * decay(atMillis - at) + units;
                at = atMillis;
            } else {
                weight += units * decay(at - atMillis);
            }
            lastSale.merge(sku, atMillis, Math::max);
            lastSale.values().removeIf(t -> at - t > tauMillis); // bounded by the sizes of one memory
        }

        double perSizePerHour(long nowMillis) {
            long selling = lastSale.values().stream().filter(t -> t <= nowMillis && nowMillis - t <= tauMillis).count();
            if (selling == 0) {
                return 0;
            }
            double perHour = weight * decay(Math.max(0, nowMillis - at)) / tauMillis * 3_600_000.0;
            return perHour / selling;
        }

        private double decay(long millis) {
            return Math.exp(-(double) millis / tauMillis);
        }
    }
}
