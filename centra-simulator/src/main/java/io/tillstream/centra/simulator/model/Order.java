package io.tillstream.centra.simulator.model;

import java.util.List;

/** A simulated webshop order and the stock it allocated. */
public record Order(int id, int marketId, Status status, List<Allocation> allocations) {

    public Order {
        allocations = List.copyOf(allocations);
    }

    public Order withStatus(final Status next) {
        return new Order(id, marketId, next, allocations);
    }

    /** ACCEPTED orders hold allocations until SHIPPED; REJECTED ones never allocated anything. */
    public enum Status { ACCEPTED, REJECTED, SHIPPED }

    /** Quantity of one size reserved in one warehouse. */
    public record Allocation(int warehouseId, int productSizeId, int quantity) {
    }
}
