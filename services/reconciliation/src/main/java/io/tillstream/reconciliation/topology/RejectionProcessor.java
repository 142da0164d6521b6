package io.tillstream.reconciliation.topology;

import io.tillstream.domain.exceptions.ExceptionRules;
import io.tillstream.schemas.ReconciliationException;
import io.tillstream.schemas.StockChange;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Turns the Centra sink's dead-letter records into exceptions. The DLQ holds the original bytes;
 * Connect's error-context headers say why it was parked.
 */
final class RejectionProcessor implements Processor<String, byte[], String, ReconciliationException> {

    static final String REASON_HEADER = "__connect.errors.exception.message";

    private final Deserializer<StockChange> changes;
    private ProcessorContext<String, ReconciliationException> context;
    private KeyValueStore<String, ReconciliationException> state;

    RejectionProcessor(Deserializer<StockChange> changes) {
        this.changes = changes;
    }

    @Override
    public void init(ProcessorContext<String, ReconciliationException> context) {
        this.context = context;
        this.state = context.getStateStore(ReconciliationTopology.REJECTION_STORE);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        Header header = record.headers().lastHeader(REASON_HEADER);
        String reason = header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
        String locationId;
        String sku;
        try {
            StockChange change = changes.deserialize(context.recordMetadata().map(m -> m.topic()).orElse(""),
                    record.value());
            locationId = change.getLocationId();
            sku = change.getSku();
        } catch (RuntimeException unreadable) {
            // Still an exception for someone to look at: name what we know, the record key.
            String[] key = record.key() == null ? new String[] {"?", "?"} : record.key().split("\\|", 2);
            locationId = key[0];
            sku = key.length > 1 ? key[1] : "?";
        }
        String id = ExceptionRules.id(ExceptionRules.rejectionType(reason), locationId + "|" + sku);
        ReconciliationException exception = ExceptionRules.syncRejected(state.get(id), locationId, sku, reason,
                Instant.ofEpochMilli(context.currentSystemTimeMs()));
        state.put(id, exception);
        context.forward(new Record<>(id, exception, record.timestamp()));
    }
}
