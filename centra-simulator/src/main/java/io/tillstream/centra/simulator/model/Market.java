package io.tillstream.centra.simulator.model;

import java.util.List;

/**
 * A market with its one allocation rule: warehouse ids in the order an order allocates from them.
 */
public record Market(int id, String name, List<Integer> allocationRule) {

    public Market {
        allocationRule = List.copyOf(allocationRule);
    }
}
