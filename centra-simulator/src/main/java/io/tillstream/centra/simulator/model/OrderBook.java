package io.tillstream.centra.simulator.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Simulated webshop orders and the count of orders refused for lack of stock. */
public final class OrderBook {

    private final Map<Integer, Order> orders = new LinkedHashMap<>();
    private int oversellAttempts;

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

    public void restoreOversellAttempts(final int count) {
        oversellAttempts = count;
    }
}
