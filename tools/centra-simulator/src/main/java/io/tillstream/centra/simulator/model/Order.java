package io.tillstream.centra.simulator.model;

import java.util.List;

/**
 * A simulated webshop order: the lines asked for and the stock it allocated. The id doubles as
 * Centra's order number, the objectReference of its events.
 */
public record Order(int id, int marketId, Status status, List<Line> lines, List<Allocation> allocations) {

    public Order {
        // A snapshot written before orders kept their lines has none.
        lines = lines == null ? List.of() : List.copyOf(lines);
        allocations = List.copyOf(allocations);
    }

    public Order withStatus(final Status next) {
        return new Order(id, marketId, next, lines, allocations);
    }

    /** ACCEPTED orders hold allocations until SHIPPED; REJECTED ones never allocated anything. */
    public enum Status { ACCEPTED, REJECTED, SHIPPED }

    /** Quantity of one size the order asked for. */
    public record Line(int productSizeId, int quantity) {
    }

    /** Quantity of one size reserved in one warehouse. */
    public record Allocation(int warehouseId, int productSizeId, int quantity) {
    }
}
