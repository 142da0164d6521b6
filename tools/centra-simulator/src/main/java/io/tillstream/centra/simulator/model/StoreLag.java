package io.tillstream.centra.simulator.model;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the stores' tills did that Centra has not been told of yet, per (warehouse × size): the sum
 * of store movements reported through {@code /_sim/store-movements} minus the changeStock deltas
 * applied since. A store sale not yet pushed makes it negative, and a webshop order that allocates
 * more than physical + lag − allocated is an oversell: a unit the store already sold.
 *
 * <p>Only pairs with a reported movement are tracked, so without reports nothing changes. Only
 * changeStock counts as telling Centra (it is the sink's write); setStock and manual edits do not.
 * Like the order counters it is a test and benchmark aid and is not part of the snapshot.
 */
public final class StoreLag {

    private final Map<Long, Integer> lag = new HashMap<>();

    /** A till sold ({@code delta < 0}) or received units in the store this warehouse stands for. */
    public void moved(final int warehouseId, final int productSizeId, final int delta) {
        lag.merge(key(warehouseId, productSizeId), delta, Integer::sum);
    }

    /** A changeStock applied these physical deltas: that much of the stores' movements is now in Centra. */
    public void told(final List<StockChangeLine> lines) {
        for (StockChangeLine line : lines) {
            lag.computeIfPresent(key(line.warehouseId(), line.productSizeId()), (k, v) -> v - line.quantity());
        }
    }

    /** Store movements not in Centra yet; 0 for an untracked pair. */
    public int of(final int warehouseId, final int productSizeId) {
        return lag.getOrDefault(key(warehouseId, productSizeId), 0);
    }

    /** Of {@code take} units allocated from {@code level}, how many the store had already sold. */
    public int oversold(final StockLevel level, final int take) {
        final int reallyFree = level.freeToAllocateQuantity() + of(level.warehouseId(), level.productSizeId());
        return Math.max(0, take - Math.max(0, reallyFree));
    }

    private static long key(final int warehouseId, final int productSizeId) {
        return ((long) warehouseId << 32) | (productSizeId & 0xFFFFFFFFL);
    }
}
