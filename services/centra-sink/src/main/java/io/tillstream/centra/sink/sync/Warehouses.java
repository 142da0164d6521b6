package io.tillstream.centra.sink.sync;

import java.util.Map;

/**
 * Which Centra warehouse stands for a store location, as the sink knows it at the moment of asking: the
 * store registry ({@code stores.v1}) followed live, so a store added is pushed to its warehouse with no
 * restart; or a fixed mapping for a sink run without the registry.
 */
@FunctionalInterface
public interface Warehouses {

    /** @return the warehouse id, or null when the location has none */
    Integer of(String locationId);

    static Warehouses fixed(Map<String, Integer> mapping) {
        Map<String, Integer> copy = Map.copyOf(mapping);
        return copy::get;
    }
}
