package io.tillstream.domain.stores;

import java.time.Duration;

/**
 * How many units of each size a silent store holds back from the webshop: what the store can be
 * expected to have sold of one size while nothing reached us, rounded up, and at least one.
 *
 * <p>At least one because an offline till keeps selling and queues its sales: the last unit of any
 * size may be gone already, and the last unit is where a webshop order oversells. Rounded up for the
 * same reason. Capped, so a store silent for a day does not vanish from the webshop entirely.
 *
 * @param maxUnits the most a store holds back per size, however long it is silent
 */
public record OfflineHold(int maxUnits) {

    public OfflineHold {
        if (maxUnits < 1) {
            throw new IllegalArgumentException("maxUnits must be at least 1, was " + maxUnits);
        }
    }

    /**
     * @param perSizePerHour the store's recent sales per selling size and hour ({@link StoreSellRates})
     * @param silentFor      how long the store has been silent in its trading hours
     * @return units per size to hold back
     */
    public int units(double perSizePerHour, Duration silentFor) {
        double expected = Math.max(0, perSizePerHour) * Math.max(0, silentFor.toMillis()) / 3_600_000.0;
        return (int) Math.min(maxUnits, Math.max(1, Math.ceil(expected)));
    }
}
