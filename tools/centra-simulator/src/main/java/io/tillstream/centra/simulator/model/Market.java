package io.tillstream.centra.simulator.model;

import java.util.List;

/**
 * A market with its one allocation rule: warehouse ids in the order an order allocates from them.
 */
public record Market(int id, String name, List<Integer> allocationRule) {

    /**
     * The store every market belongs to. [sim] Centra has two stores by default (Retail and
     * Wholesale); the simulator has one, with Retail's id in Centra's examples, and no Store type.
     */
    public static final int STORE_ID = 1;

    public Market {
        allocationRule = List.copyOf(allocationRule);
    }
}
