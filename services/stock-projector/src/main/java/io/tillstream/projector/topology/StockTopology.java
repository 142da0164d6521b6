package io.tillstream.projector.topology;

import io.tillstream.schemas.StockLevel;
import io.tillstream.schemas.Topics;
import io.tillstream.service.topics.TopicSerdes;
import java.time.Duration;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The stock projection.
 * <ul>
 *   <li>in: {@code pos.transactions.v1} (storeId → PosTransaction),
 *       {@code stock.adjustments.v1} (storeId → StockAdjustment | Stocktake),
 *       {@code stock.policies.v1} (selector → StockPolicy, see {@link Topics#STOCK_POLICIES})</li>
 *   <li>out: {@code stock.levels.v1} (locationId|sku → StockLevel, on every change),
 *       {@code stock.changes.v1} (locationId|sku → StockChange, on every change of on-hand),
 *       {@code stock.ats.v1} (sku → SkuAvailability, on every change of a location's ATS),
 *       {@code stock.ledger-notices.v1} (storeId → LedgerNotice: rejected voids and stocktakes,
 *       movements a stocktake had already counted)</li>
 *   <li>stores: {@value #LEDGER_STORE} (sku|locationId → StockLevel, so one SKU's locations are one
 *       prefix scan away for interactive queries), {@value #SEEN_STORE} (event id → first seen, ms),
 *       {@value #VOIDABLE_STORE} (storeId|transactionId → the transaction, or the VOID that reversed it),
 *       {@value #MOVEMENT_LOG_STORE} (see {@link MovementLog}), {@value #HISTORY_STORE} (see
 *       {@link ChangeHistory}), {@value #AVAILABILITY_STORE} (sku → SkuAvailability) and the global
 *       {@value #POLICIES_STORE}</li>
 * </ul>
 */
public final class StockTopology {

    public static final String LEDGER_STORE = "ledger";
    public static final String SEEN_STORE = "seen-events";
    public static final String VOIDABLE_STORE = "voidable-transactions";
    public static final String MOVEMENT_LOG_STORE = "movements-since-count";
    public static final String HISTORY_STORE = "change-history";
    public static final String POLICIES_STORE = "policies";
    public static final String AVAILABILITY_STORE = "availability";
    public static final Duration DEFAULT_DEDUP_WINDOW = Duration.ofDays(30);

    private StockTopology() {
    }

    /** @param window how long event ids are remembered (dedup, voids) and how late a stocktake may arrive */
    public static Topology build(TopicSerdes serdes, Duration window) {
        StreamsBuilder builder = new StreamsBuilder();
        // Cached: the hot keys (a SKU's level, its network availability) are read back on every event
        // and written to their changelogs once per commit instead of once per event.
        builder.addStateStore(store(LEDGER_STORE, serdes.of(Topics.STOCK_LEVELS)).withCachingEnabled());
        builder.addStateStore(store(SEEN_STORE, Serdes.Long()));
        builder.addStateStore(store(VOIDABLE_STORE, serdes.of(Topics.POS_TRANSACTIONS)));
        builder.addStateStore(store(MOVEMENT_LOG_STORE, Serdes.Integer()));
        builder.addStateStore(store(HISTORY_STORE, serdes.of(Topics.STOCK_CHANGES)));
        builder.addStateStore(store(AVAILABILITY_STORE, serdes.of(Topics.STOCK_ATS)).withCachingEnabled());

        // Policies are keyed by selector (a location, a SKU prefix, "*"), not by store, so they cannot be
        // co-partitioned with the events: every task may need any policy. A global table gives each
        // instance all of them, and a change is picked up by LedgerProcessor's policy check.
        builder.globalTable(Topics.STOCK_POLICIES.name(), Consumed.with(Serdes.String(), serdes.of(Topics.STOCK_POLICIES)),
                // In memory: a handful of policies, read ~20 times per level (every selector that could
                // apply), rebuilt from the compacted topic in moments on start.
                Materialized.as(Stores.inMemoryKeyValueStore(POLICIES_STORE)));

        // Both inputs are keyed by store and co-partitioned, so one task sees all of a store's events.
        KStream<String, SpecificRecord> transactions = builder
                .stream(Topics.POS_TRANSACTIONS.name(), Consumed.with(Serdes.String(), serdes.of(Topics.POS_TRANSACTIONS)))
                .mapValues(t -> (SpecificRecord) t);
        KStream<String, SpecificRecord> adjustments = builder
                .stream(Topics.STOCK_ADJUSTMENTS.name(), Consumed.with(Serdes.String(), serdes.of(Topics.STOCK_ADJUSTMENTS)));

        // Fold each event into the ledger; the processor re-keys levels and changes to locationId|sku.
        KStream<String, LedgerUpdate> updates = transactions.merge(adjustments)
                .process(() -> new LedgerProcessor(window), LEDGER_STORE, SEEN_STORE, VOIDABLE_STORE,
                        MOVEMENT_LOG_STORE, HISTORY_STORE);

        KStream<String, StockLevel> levels = updates.filter((key, update) -> update.level() != null)
                .mapValues(LedgerUpdate::level);
        levels.to(Topics.STOCK_LEVELS.name(), Produced.with(Serdes.String(), serdes.of(Topics.STOCK_LEVELS)));
        updates.filter((key, update) -> update.change() != null)
                .mapValues(LedgerUpdate::change)
                .to(Topics.STOCK_CHANGES.name(), Produced.with(Serdes.String(), serdes.of(Topics.STOCK_CHANGES)));
        updates.filter((key, update) -> update.notice() != null)
                .mapValues(LedgerUpdate::notice)
                .to(Topics.LEDGER_NOTICES.name(), Produced.with(Serdes.String(), serdes.of(Topics.LEDGER_NOTICES)));

        // Network ATS sums a SKU over stores that live in different tasks: re-key by SKU, then fold.
        levels.selectKey((key, level) -> level.getSku())
                .repartition(Repartitioned.with(Serdes.String(), serdes.of(Topics.STOCK_LEVELS)).withName("levels-by-sku"))
                .process(AvailabilityProcessor::new, AVAILABILITY_STORE)
                .to(Topics.STOCK_ATS.name(), Produced.with(Serdes.String(), serdes.of(Topics.STOCK_ATS)));
        return builder.build();
    }

    private static <V> StoreBuilder<KeyValueStore<String, V>> store(String name, Serde<V> values) {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.String(), values);
    }

    /** The ledger store's key: SKU first, so all locations of a SKU are adjacent. */
    public static String storeKey(String sku, String locationId) {
        return sku + "|" + locationId;
    }
}
