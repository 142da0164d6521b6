package io.tillstream.reconciliation.topology;

import io.tillstream.domain.exceptions.ExceptionRules;
import io.tillstream.schemas.ExceptionType;
import io.tillstream.schemas.ReconciliationException;
import io.tillstream.schemas.StockLevel;
import java.time.Instant;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/** Raises NEGATIVE_STOCK from the ledger's levels and resolves it when the level recovers. */
final class NegativeStockProcessor implements Processor<String, StockLevel, String, ReconciliationException> {

    private ProcessorContext<String, ReconciliationException> context;
    private KeyValueStore<String, ReconciliationException> state;

    @Override
    public void init(ProcessorContext<String, ReconciliationException> context) {
        this.context = context;
        this.state = context.getStateStore(ReconciliationTopology.NEGATIVE_STOCK_STORE);
    }

    @Override
    public void process(Record<String, StockLevel> record) {
        StockLevel level = record.value();
        if (level == null) {
            return;
        }
        String id = ExceptionRules.id(ExceptionType.NEGATIVE_STOCK, level.getLocationId() + "|" + level.getSku());
        Instant now = Instant.ofEpochMilli(context.currentSystemTimeMs());
        ExceptionRules.negativeStock(state.get(id), level, now).ifPresent(exception -> {
            state.put(id, exception);
            context.forward(new Record<>(id, exception, record.timestamp()));
        });
    }
}
