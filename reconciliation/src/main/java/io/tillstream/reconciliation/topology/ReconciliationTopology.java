package io.tillstream.reconciliation.topology;

import io.tillstream.schemas.Topics;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * Reconciliation: the POS side (the ledger's levels) and the Centra side (what the sink could not
 * push) become exceptions with an owner.
 * <ul>
 *   <li>in: {@code stock.levels.v1} (locationId|sku → StockLevel),
 *       {@code stock.changes.v1.dlq} (locationId|sku → original StockChange bytes + error headers)</li>
 *   <li>out: {@code reconciliation.exceptions.v1} (exceptionId → ReconciliationException, compacted)</li>
 *   <li>view: {@value #VIEW_STORE}, a global table of every exception, for the HTTP API</li>
 * </ul>
 */
public final class ReconciliationTopology {

    public static final String NEGATIVE_STOCK_STORE = "negative-stock-state";
    public static final String REJECTION_STORE = "rejection-state";
    public static final String VIEW_STORE = "exceptions-view";

    private ReconciliationTopology() {
    }

    public static Topology build(ReconciliationSerdes serdes) {
        StreamsBuilder builder = new StreamsBuilder();
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(NEGATIVE_STOCK_STORE),
                Serdes.String(), serdes.exceptions()));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(REJECTION_STORE),
                Serdes.String(), serdes.exceptions()));

        // POS side: a ledger below zero means a stocktake is due.
        builder.stream(Topics.STOCK_LEVELS.name(), Consumed.with(Serdes.String(), serdes.levels()))
                .process(NegativeStockProcessor::new, NEGATIVE_STOCK_STORE)
                .to(Topics.EXCEPTIONS.name(), Produced.with(Serdes.String(), serdes.exceptions()));

        // Centra side: every change the sink parked on its dead-letter queue.
        builder.stream(Topics.STOCK_CHANGES_DLQ.name(), Consumed.with(Serdes.String(), Serdes.ByteArray()))
                .process(() -> new RejectionProcessor(serdes.changes().deserializer()), REJECTION_STORE)
                .to(Topics.EXCEPTIONS.name(), Produced.with(Serdes.String(), serdes.exceptions()));

        // Every instance keeps the whole list: it is small, and any instance can answer any query.
        builder.globalTable(Topics.EXCEPTIONS.name(), Consumed.with(Serdes.String(), serdes.exceptions()),
                Materialized.<String, io.tillstream.schemas.ReconciliationException,
                        KeyValueStore<Bytes, byte[]>>as(VIEW_STORE));
        return builder.build();
    }
}
