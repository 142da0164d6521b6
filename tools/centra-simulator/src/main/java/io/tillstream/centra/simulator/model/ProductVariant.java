package io.tillstream.centra.simulator.model;

/** A product variant (usually a colour); prices would live here in Centra, never on a size. */
public record ProductVariant(int id, int productId, String variantNumber, String name) {
}
