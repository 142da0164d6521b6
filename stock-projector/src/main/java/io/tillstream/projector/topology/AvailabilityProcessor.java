package io.tillstream.projector.topology;

import io.tillstream.schemas.LocationAvailability;
import io.tillstream.schemas.SkuAvailability;
import io.tillstream.schemas.StockLevel;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Network availability of one SKU: the sum of its locations' ATS. Fed with levels re-keyed by SKU;
 * emits only when a location's ATS changed, so a level change that leaves ATS alone (a return held
 * for inspection, a stocktake confirming the figure) does not disturb ecommerce.
 */
final class AvailabilityProcessor implements Processor<String, StockLevel, String, SkuAvailability> {

    private KeyValueStore<String, SkuAvailability> availability;
    private ProcessorContext<String, SkuAvailability> context;

    @Override
    public void init(ProcessorContext<String, SkuAvailability> context) {
        this.context = context;
        this.availability = context.getStateStore(StockTopology.AVAILABILITY_STORE);
    }

    @Override
    public void process(Record<String, StockLevel> record) {
        StockLevel level = record.value();
        SkuAvailability current = availability.get(record.key());
        List<LocationAvailability> locations = new ArrayList<>(current == null ? List.of() : current.getLocations());
        LocationAvailability now = new LocationAvailability(level.getLocationId(), level.getAts());
        if (locations.contains(now)) {
            return;
        }
        locations.removeIf(l -> l.getLocationId().equals(level.getLocationId()));
        locations.add(now);
        locations.sort(Comparator.comparing(LocationAvailability::getLocationId));
        Instant asOf = current != null && current.getAsOf().isAfter(level.getAsOf()) ? current.getAsOf() : level.getAsOf();
        SkuAvailability next = SkuAvailability.newBuilder()
                .setSku(record.key())
                .setAts(locations.stream().mapToInt(LocationAvailability::getAts).sum())
                .setLocations(locations)
                .setVersion(current == null ? 1 : current.getVersion() + 1)
                .setAsOf(asOf)
                .build();
        availability.put(record.key(), next);
        context.forward(record.withValue(next));
    }
}
