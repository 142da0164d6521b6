package io.tillstream.projector.topology;

import io.tillstream.domain.ledger.NetworkAts;
import io.tillstream.schemas.SkuAvailability;
import io.tillstream.schemas.StockLevel;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/** Network availability of one SKU ({@link NetworkAts}), kept per SKU: fed with levels re-keyed by SKU. */
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
        NetworkAts.after(availability.get(record.key()), record.value()).ifPresent(next -> {
            availability.put(record.key(), next);
            context.forward(record.withValue(next));
        });
    }
}
