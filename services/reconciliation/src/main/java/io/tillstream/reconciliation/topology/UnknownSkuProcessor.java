package io.tillstream.reconciliation.topology;

import io.tillstream.domain.exceptions.ExceptionRules;
import io.tillstream.schemas.CatalogEntry;
import io.tillstream.schemas.ExceptionStatus;
import io.tillstream.schemas.ExceptionType;
import io.tillstream.schemas.PosTransaction;
import io.tillstream.schemas.ReconciliationException;
import io.tillstream.schemas.TransactionLine;
import io.tillstream.schemas.TransactionType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.TimestampedKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;

/**
 * SKU_UNKNOWN_IN_CENTRA from the till's event: a line whose SKU Centra's catalogue
 * ({@code centra.catalog.v1}, a global table) does not have is raised for ecommerce while the sale
 * itself stays accepted, without waiting for the stock push to fail.
 *
 * <p>Not quite at once: the catalogue is a copy that follows Centra by scans, so a size just created
 * there may not have reached it. A SKU missing from it is looked up again after {@link #GRACE} and
 * raised only if it is still missing. Nothing is judged while the catalogue is empty (no catalogue
 * source runs: every SKU would look unknown). A size already open for the store is not raised again.
 */
final class UnknownSkuProcessor implements Processor<String, PosTransaction, String, ReconciliationException> {

    static final Duration GRACE = Duration.ofSeconds(30);
    private static final Duration CHECK = Duration.ofSeconds(10);

    private ProcessorContext<String, ReconciliationException> context;
    private TimestampedKeyValueStore<String, CatalogEntry> catalog;
    private TimestampedKeyValueStore<String, ReconciliationException> view;
    /** exception id → the exception to raise if its SKU is still unknown after the grace (lastSeenAt: when seen). */
    private KeyValueStore<String, ReconciliationException> pending;

    @Override
    public void init(ProcessorContext<String, ReconciliationException> context) {
        this.context = context;
        this.catalog = context.getStateStore(ReconciliationTopology.CATALOG_STORE);
        this.view = context.getStateStore(ReconciliationTopology.VIEW_STORE);
        this.pending = context.getStateStore(ReconciliationTopology.UNKNOWN_SKU_PENDING_STORE);
        context.schedule(CHECK, PunctuationType.WALL_CLOCK_TIME, this::check);
    }

    @Override
    public void process(Record<String, PosTransaction> record) {
        PosTransaction t = record.value();
        if (t == null || t.getType() == TransactionType.VOID || catalogEmpty()) {
            return;
        }
        Instant now = Instant.ofEpochMilli(context.currentSystemTimeMs());
        for (TransactionLine line : t.getLines()) {
            String sku = line.getSku();
            String id = ExceptionRules.id(ExceptionType.SKU_UNKNOWN_IN_CENTRA, t.getStoreId() + "|" + sku);
            if (sku == null || catalog.get(sku) != null || pending.get(id) != null || open(id)) {
                continue;
            }
            pending.put(id, ExceptionRules.soldUnknownSku(current(id), t.getStoreId(), t.getTillId(), sku,
                    t.getTransactionId(), now));
        }
    }

    private void check(long wallClockMs) {
        List<KeyValue<String, ReconciliationException>> due = new ArrayList<>();
        try (KeyValueIterator<String, ReconciliationException> it = pending.all()) {
            it.forEachRemaining(kv -> {
                if (wallClockMs - kv.value.getLastSeenAt().toEpochMilli() >= GRACE.toMillis()) {
                    due.add(kv);
                }
            });
        }
        for (KeyValue<String, ReconciliationException> kv : due) {
            pending.delete(kv.key);
            if (catalog.get(kv.value.getSku()) == null && !open(kv.key)) {
                context.forward(new Record<>(kv.key, kv.value, wallClockMs));
            }
        }
    }

    /** RocksDB's estimate of a store's size can say 0 for a store that has entries: look for the first one. */
    private boolean catalogEmpty() {
        try (KeyValueIterator<String, ValueAndTimestamp<CatalogEntry>> it = catalog.all()) {
            return !it.hasNext();
        }
    }

    private boolean open(String id) {
        ReconciliationException current = current(id);
        return current != null && current.getStatus() == ExceptionStatus.OPEN;
    }

    private ReconciliationException current(String id) {
        ValueAndTimestamp<ReconciliationException> current = view.get(id);
        return current == null ? null : current.value();
    }
}
