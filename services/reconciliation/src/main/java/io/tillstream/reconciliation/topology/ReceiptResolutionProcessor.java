package io.tillstream.reconciliation.topology;

import io.tillstream.domain.exceptions.ExceptionRules;
import io.tillstream.schemas.ExceptionType;
import io.tillstream.schemas.ReconciliationException;
import io.tillstream.schemas.SyncReceipt;
import io.tillstream.schemas.SyncStatus;
import java.time.Instant;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.TimestampedKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;

/**
 * Resolves SKU_UNKNOWN_IN_CENTRA and SYNC_FAILED when the Centra sink's journal
 * ({@code centra.sync-receipts.v1}) confirms a push for the same location and size. It reads the
 * global exceptions view (every instance has all of it), because receipts are keyed by warehouse
 * and cannot be co-partitioned with the dead-letter queue that raised the exception.
 */
final class ReceiptResolutionProcessor implements Processor<String, SyncReceipt, String, ReconciliationException> {

    private ProcessorContext<String, ReconciliationException> context;
    private TimestampedKeyValueStore<String, ReconciliationException> view;

    @Override
    public void init(ProcessorContext<String, ReconciliationException> context) {
        this.context = context;
        this.view = context.getStateStore(ReconciliationTopology.VIEW_STORE);
    }

    @Override
    public void process(Record<String, SyncReceipt> record) {
        SyncReceipt receipt = record.value();
        if (receipt == null || receipt.getStatus() != SyncStatus.CONFIRMED) {
            return;
        }
        String subject = receipt.getLocationId() + "|" + receipt.getSku();
        Instant now = Instant.ofEpochMilli(context.currentSystemTimeMs());
        for (ExceptionType type : new ExceptionType[] {ExceptionType.SKU_UNKNOWN_IN_CENTRA, ExceptionType.SYNC_FAILED}) {
            String id = ExceptionRules.id(type, subject);
            ValueAndTimestamp<ReconciliationException> current = view.get(id);
            ExceptionRules.syncConfirmed(current == null ? null : current.value(), receipt.getMutationId(),
                    receipt.getConfirmedSequence(), now)
                    .ifPresent(resolved -> context.forward(new Record<>(id, resolved, record.timestamp())));
        }
    }
}
