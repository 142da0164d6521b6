package io.tillstream.centra.simulator.model;

/** The subset of Centra's {@code EventObjectType} that the simulator emits. */
public enum EventObjectType {
    ProductSize,
    StockChange,
    Warehouse,
    Order
}
