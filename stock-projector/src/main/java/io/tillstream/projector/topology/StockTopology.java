package io.tillstream.projector.topology;

import io.tillstream.schemas.StockLevel;
import io.tillstream.schemas.Topics;
import java.time.Duration;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The stock projection.
 * <ul>
 *   <li>in: {@code pos.transactions.v1} (storeId → PosTransaction),
 *       {@code stock.adjustments.v1} (storeId → StockAdjustment | Stocktake)</li>
 *   <li>out: {@code stock.levels.v1} (locationId|sku → StockLevel, on every change),
 *       {@code stock.changes.v1} (locationId|sku → StockChange, on every change of on-hand)</li>
 *   <li>stores: {@value #LEDGER_STORE} (sku|locationId → StockLevel, so one SKU's locations are one
 *       prefix scan away for interactive queries), {@value #SEEN_STORE} (event id → first seen, ms)</li>
 * </ul>
 */
public final class StockTopology {

    public static final String LEDGER_STORE = "ledger";
    public static final String SEEN_STORE = "seen-events";
    public static final Duration DEFAULT_DEDUP_WINDOW = Duration.ofDays(30);

    private StockTopology() {
    }

    public static Topology build(StockSerdes serdes, Duration dedupWindow) {
        StreamsBuilder builder = new StreamsBuilder();
        builder.addStateStore(ledgerStore(serdes));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(SEEN_STORE),
                Serdes.String(), Serdes.Long()));

        // Both inputs are keyed by store and co-partitioned, so one task sees all of a store's events.
        KStream<String, SpecificRecord> transactions = builder
                .stream(Topics.POS_TRANSACTIONS.name(), Consumed.with(Serdes.String(), serdes.transactions()))
                .mapValues(t -> (SpecificRecord) t);
        KStream<String, SpecificRecord> adjustments = builder
                .stream(Topics.STOCK_ADJUSTMENTS.name(), Consumed.with(Serdes.String(), serdes.adjustments()));

        // Fold each event into the ledger; the processor re-keys its output to locationId|sku.
        KStream<String, LedgerUpdate> updates = transactions.merge(adjustments)
                .process(() -> new LedgerProcessor(dedupWindow), LEDGER_STORE, SEEN_STORE);

        updates.mapValues(LedgerUpdate::level)
                .to(Topics.STOCK_LEVELS.name(), Produced.with(Serdes.String(), serdes.levels()));
        updates.filter((key, update) -> update.change() != null)
                .mapValues(LedgerUpdate::change)
                .to(Topics.STOCK_CHANGES.name(), Produced.with(Serdes.String(), serdes.changes()));
        return builder.build();
    }

    private static StoreBuilder<KeyValueStore<String, StockLevel>> ledgerStore(StockSerdes serdes) {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(LEDGER_STORE), Serdes.String(), serdes.levels());
    }

    /** The ledger store's key: SKU first, so all locations of a SKU are adjacent. */
    public static String storeKey(String sku, String locationId) {
        return sku + "|" + locationId;
    }
}
