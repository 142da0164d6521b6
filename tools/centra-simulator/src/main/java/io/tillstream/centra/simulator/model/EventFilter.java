package io.tillstream.centra.simulator.model;

import java.util.Set;

/**
 * Centra's {@code EventFilter}. Each field is a set (null or empty = any). Centra documents an
 * event's store and market as "only applicable to some types of events, but also filterable": here
 * only Order events have them, so a {@code storeId} or {@code marketId} filter keeps Order events of
 * those stores or markets and leaves out every StockChange, ProductSize and Warehouse event.
 */
public record EventFilter(Set<EventObjectType> objectTypes, Set<EventChangeType> changeTypes, Set<Integer> storeIds,
                          Set<Integer> marketIds) {

    public static final EventFilter ALL = new EventFilter(null, null, null, null);

    public EventFilter {
        objectTypes = objectTypes == null ? null : Set.copyOf(objectTypes);
        changeTypes = changeTypes == null ? null : Set.copyOf(changeTypes);
        storeIds = storeIds == null ? null : Set.copyOf(storeIds);
        marketIds = marketIds == null ? null : Set.copyOf(marketIds);
    }

    public boolean matches(final Event event) {
        return any(objectTypes, event.objectType()) && any(changeTypes, event.changeType())
                && any(storeIds, event.storeId()) && any(marketIds, event.marketId());
    }

    private static <T> boolean any(final Set<T> wanted, final T value) {
        return wanted == null || wanted.isEmpty() || value != null && wanted.contains(value);
    }
}
