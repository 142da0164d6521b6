package io.tillstream.centra.simulator.model;

/**
 * A Centra warehouse; the documented pattern is one warehouse per physical store.
 *
 * @param threshold units of each size the webshop may not sell here: an order takes at most
 *                  free-to-allocate − threshold of a size. Centra's stock quantities do not subtract
 *                  it (a client must, to match the webshop), and neither do the simulator's.
 */
public record Warehouse(int id, String name, int threshold) {

    public Warehouse withThreshold(final int next) {
        return new Warehouse(id, name, next);
    }

    /** What an order may take of a size here, given the size's free-to-allocate; never below 0. */
    public int sellable(final int freeToAllocate) {
        return Math.max(0, freeToAllocate - threshold);
    }
}
