package io.tillstream.centra.simulator.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Simulated webshop orders, the count of orders refused for lack of stock, and the count of
 * oversells: orders accepted for units a store had already sold (see {@link StoreLag}).
 */
public final class OrderBook {

    private final Map<Integer, Order> orders = new LinkedHashMap<>();
    private int oversellAttempts;
    private int oversells;
    private int oversoldUnits;

    public void put(final Order order) {
        orders.put(order.id(), order);
    }

    public Optional<Order> order(final int id) {
        return Optional.ofNullable(orders.get(id));
    }

    public List<Order> orders() {
        return List.copyOf(orders.values());
    }

    public void countOversellAttempt() {
        oversellAttempts++;
    }

    public int oversellAttempts() {
        return oversellAttempts;
    }

    /** An accepted order took {@code units} units that a store had already sold. */
    public void countOversell(final int units) {
        oversells++;
        oversoldUnits += units;
    }

    public int oversells() {
        return oversells;
    }

    public int oversoldUnits() {
        return oversoldUnits;
    }

    public void restoreOversellAttempts(final int count) {
        oversellAttempts = count;
    }
}
