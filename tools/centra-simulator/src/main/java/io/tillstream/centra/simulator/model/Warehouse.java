package io.tillstream.centra.simulator.model;

/** A Centra warehouse; the documented pattern is one warehouse per physical store. */
public record Warehouse(int id, String name) {
}
