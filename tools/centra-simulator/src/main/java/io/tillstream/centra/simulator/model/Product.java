package io.tillstream.centra.simulator.model;

/** A Centra product: the top of the product → variant → size hierarchy. */
public record Product(int id, String productNumber, String name) {
}
