package io.tillstream.domain.ledger;

import io.tillstream.schemas.LocationAvailability;
import io.tillstream.schemas.SkuAvailability;
import io.tillstream.schemas.StockLevel;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A SKU's availability over the network: the sum of its locations' available-to-sell. What ecommerce
 * reads from {@code stock.ats.v1}; it changes only when a location's ATS does, so a level change that
 * leaves ATS alone (a return held for inspection, a stocktake confirming the figure) is not news.
 */
public final class NetworkAts {

    private NetworkAts() {
    }

    /**
     * @param current the SKU's network availability so far, or null
     * @param level   a location's new level of the SKU
     * @return the new network availability, or empty when the location's ATS did not change
     */
    public static Optional<SkuAvailability> after(SkuAvailability current, StockLevel level) {
        List<LocationAvailability> locations = new ArrayList<>(current == null ? List.of() : current.getLocations());
        LocationAvailability now = new LocationAvailability(level.getLocationId(), level.getAts());
        if (locations.contains(now)) {
            return Optional.empty();
        }
        locations.removeIf(l -> l.getLocationId().equals(level.getLocationId()));
        locations.add(now);
        locations.sort(Comparator.comparing(LocationAvailability::getLocationId));
        Instant asOf = current != null && current.getAsOf().isAfter(level.getAsOf()) ? current.getAsOf()
                : level.getAsOf();
        return Optional.of(SkuAvailability.newBuilder()
                .setSku(level.getSku())
                .setAts(locations.stream().mapToInt(LocationAvailability::getAts).sum())
                .setLocations(locations)
                .setVersion(current == null ? 1 : current.getVersion() + 1)
                .setAsOf(asOf)
                .build());
    }
}
