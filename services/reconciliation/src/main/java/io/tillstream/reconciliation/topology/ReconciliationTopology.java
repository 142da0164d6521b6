package io.tillstream.reconciliation.topology;

import io.tillstream.reconciliation.ReconciliationSettings;
import io.tillstream.schemas.CatalogEntry;
import io.tillstream.schemas.DailyStoreTotals;
import io.tillstream.schemas.PosTransaction;
import io.tillstream.schemas.ReconciliationException;
import io.tillstream.schemas.StockLevel;
import io.tillstream.schemas.SyncReceipt;
import io.tillstream.schemas.Topics;
import io.tillstream.service.topics.TopicSerdes;
import java.time.Duration;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
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
 * Reconciliation: the POS side (the ledger's levels, the tills' transactions), the Centra side (what
 * the sink could not push) and the payment providers' settlements become exceptions with an owner,
 * and the tills' transactions become finance's daily batches.
 * <ul>
 *   <li>in: {@code stock.levels.v1} (locationId|sku → StockLevel),
 *       {@code stock.changes.v1} (locationId|sku → StockChange: what the sink owes Centra),
 *       {@code stock.ledger-notices.v1} (storeId → LedgerNotice: events the ledger did not apply as written),
 *       {@code stock.changes.v1.dlq} (locationId|sku → original StockChange bytes + error headers),
 *       {@code pos.transactions.v1} (storeId → PosTransaction),
 *       {@code payments.settlements.v1} (storeId|businessDate|provider → Settlement),
 *       {@code stock.adjustments.v1} (storeId → bytes: only that the store sent something),
 *       {@code centra.catalog.v1} (sku → CatalogEntry, a global table: the SKUs Centra knows)</li>
 *   <li>out: {@code reconciliation.exceptions.v1} (exceptionId → ReconciliationException, compacted),
 *       {@code finance.daily-totals.v1} (storeId|businessDate → DailyStoreTotals, one record per version)</li>
 *   <li>views: {@value #VIEW_STORE}, a global table of every exception, and {@value #TOTALS_VIEW_STORE},
 *       a global table of every published day, for the HTTP API</li>
 * </ul>
 */
public final class ReconciliationTopology {

    public static final String NEGATIVE_STOCK_STORE = "negative-stock-state";
    public static final String REJECTION_STORE = "rejection-state";
    public static final String VIEW_STORE = "exceptions-view";
    public static final String DRIFT_RECEIPTS_STORE = "drift-receipts";
    public static final String DRIFT_OBSERVATIONS_STORE = "drift-observations";
    public static final String DRIFT_SINCE_STORE = "drift-since";
    public static final String DRIFT_EXCEPTIONS_STORE = "drift-exceptions";
    /**
     * storeId|transactionId → the transaction: counts a re-post once, and lets a VOID find what it reverses;
     * kept for the settings' transaction retention (see {@link TransactionRetention}).
     */
    public static final String FINANCE_TRANSACTIONS_STORE = "finance-transactions";
    /** storeId|businessDate → the day's totals, open (version 0) or as last published. */
    public static final String DAILY_TOTALS_STORE = "daily-totals";
    /** storeId|businessDate → when the day closes (epoch ms), for the days not yet published. */
    public static final String OPEN_DAYS_STORE = "open-days";
    /** storeId|businessDate|provider → the latest settlement. */
    public static final String SETTLEMENTS_STORE = "settlements";
    public static final String FINANCE_EXCEPTIONS_STORE = "finance-exceptions";
    /**
     * storeId|businessDate|channel → when its money is due (epoch ms), for published days with card payments
     * and no payout yet, or cash and no deposit yet, until it is due.
     */
    public static final String AWAITING_MONEY_STORE = "awaiting-money";
    public static final String TOTALS_VIEW_STORE = "daily-totals-view";
    /** sku → Centra's catalogue entry (centra.catalog.v1), a global table: is a till's SKU known to Centra? */
    public static final String CATALOG_STORE = "centra-catalog";
    /** SKU_UNKNOWN_IN_CENTRA:storeId|sku → the exception to raise if the SKU is still unknown after a grace. */
    public static final String UNKNOWN_SKU_PENDING_STORE = "unknown-sku-pending";
    /** locationId|sku → since when units have been pending inspection (epoch ms, event time). */
    public static final String INSPECTION_STORE = "pending-inspection";
    public static final String INSPECTION_EXCEPTIONS_STORE = "inspection-exceptions";
    /** storeId → when the store last sent anything (epoch ms, append time). */
    public static final String LAST_SEEN_STORE = "store-last-seen";
    public static final String SILENCE_EXCEPTIONS_STORE = "silence-exceptions";
    /** storeId|tillId → when a till that sends heartbeats was last heard (epoch ms, append time). */
    public static final String TILL_LAST_SEEN_STORE = "till-last-seen";
    /** locationId|sku → the ledger's latest change sequence. */
    /** The sync watchdog's one-partition input: the instance whose task reads it also watches Connect. */
    public static final String SYNC_WATCH_INPUT = "sync-changes-by-location";
    public static final String SYNC_LATEST_STORE = "sync-latest";
    /** locationId|sku → the highest sequence the sink journalled as in Centra (or refused). */
    public static final String SYNC_CONFIRMED_STORE = "sync-confirmed";
    /** locationId|sku → since when a change has waited for Centra (epoch ms); absent when none waits. */
    public static final String SYNC_WAITING_STORE = "sync-waiting";
    /** locationId → its Centra warehouse, as the receipts say. */
    public static final String SYNC_WAREHOUSE_STORE = "sync-warehouse";
    public static final String SYNC_EXCEPTIONS_STORE = "sync-exceptions";
    public static final String NOTICE_EXCEPTIONS_STORE = "notice-exceptions";

    private ReconciliationTopology() {
    }

    /**
     * @param eventPartitions how many partitions the stores' event topics have: a store that has never
     *                        sent anything is watched by the task whose partition its id hashes to
     */
    public static Topology build(TopicSerdes serdes, ReconciliationSettings settings, int eventPartitions) {
        StreamsBuilder builder = new StreamsBuilder();
        Serde<String> keys = Serdes.String();
        builder.addStateStore(store(NEGATIVE_STOCK_STORE, serdes.of(Topics.EXCEPTIONS)));
        builder.addStateStore(store(REJECTION_STORE, serdes.of(Topics.EXCEPTIONS)));
        builder.addStateStore(store(FINANCE_TRANSACTIONS_STORE, serdes.of(Topics.POS_TRANSACTIONS)));
        builder.addStateStore(store(DAILY_TOTALS_STORE, serdes.of(Topics.DAILY_TOTALS)));
        builder.addStateStore(store(OPEN_DAYS_STORE, Serdes.Long()));
        builder.addStateStore(store(SETTLEMENTS_STORE, serdes.of(Topics.SETTLEMENTS)));
        builder.addStateStore(store(FINANCE_EXCEPTIONS_STORE, serdes.of(Topics.EXCEPTIONS)));
        builder.addStateStore(store(AWAITING_MONEY_STORE, Serdes.Long()));
        builder.addStateStore(store(INSPECTION_STORE, Serdes.Long()));
        builder.addStateStore(store(INSPECTION_EXCEPTIONS_STORE, serdes.of(Topics.EXCEPTIONS)));
        builder.addStateStore(store(LAST_SEEN_STORE, Serdes.Long()));
        builder.addStateStore(store(SILENCE_EXCEPTIONS_STORE, serdes.of(Topics.EXCEPTIONS)));
        builder.addStateStore(store(TILL_LAST_SEEN_STORE, Serdes.Long()));
        builder.addStateStore(store(DRIFT_RECEIPTS_STORE, serdes.of(Topics.SYNC_RECEIPTS)));
        builder.addStateStore(store(DRIFT_OBSERVATIONS_STORE, serdes.of(Topics.CENTRA_STOCK)));
        builder.addStateStore(store(DRIFT_SINCE_STORE, Serdes.Long()));
        builder.addStateStore(store(DRIFT_EXCEPTIONS_STORE, serdes.of(Topics.EXCEPTIONS)));
        builder.addStateStore(store(SYNC_LATEST_STORE, Serdes.Long()));
        builder.addStateStore(store(SYNC_CONFIRMED_STORE, Serdes.Long()));
        builder.addStateStore(store(SYNC_WAITING_STORE, Serdes.Long()));
        builder.addStateStore(store(SYNC_WAREHOUSE_STORE, Serdes.Integer()));
        builder.addStateStore(store(SYNC_EXCEPTIONS_STORE, serdes.of(Topics.EXCEPTIONS)));
        builder.addStateStore(store(NOTICE_EXCEPTIONS_STORE, serdes.of(Topics.EXCEPTIONS)));
        builder.addStateStore(store(UNKNOWN_SKU_PENDING_STORE, serdes.of(Topics.EXCEPTIONS)));
        Produced<String, ReconciliationException> toExceptions = Produced.with(keys, serdes.of(Topics.EXCEPTIONS));

        // POS side: a ledger below zero means a stocktake is due; returns must not wait for inspection forever.
        KStream<String, StockLevel> levels = builder.stream(Topics.STOCK_LEVELS.name(),
                Consumed.with(keys, serdes.of(Topics.STOCK_LEVELS)));
        levels.process(NegativeStockProcessor::new, NEGATIVE_STOCK_STORE)
                .to(Topics.EXCEPTIONS.name(), toExceptions);
        levels.process(() -> new ReturnInspectionProcessor(settings.inspectionSla(), settings.checkInterval()),
                        INSPECTION_STORE, INSPECTION_EXCEPTIONS_STORE)
                .to(Topics.EXCEPTIONS.name(), toExceptions);

        // ... and whatever the ledger received but did not apply as written.
        builder.stream(Topics.LEDGER_NOTICES.name(), Consumed.with(keys, serdes.of(Topics.LEDGER_NOTICES)))
                .process(LedgerNoticeProcessor::new, NOTICE_EXCEPTIONS_STORE)
                .to(Topics.EXCEPTIONS.name(), toExceptions);

        // Centra side: every change the sink parked on its dead-letter queue.
        builder.stream(Topics.STOCK_CHANGES_DLQ.name(), Consumed.with(keys, Serdes.ByteArray()))
                .process(() -> new RejectionProcessor(serdes.of(Topics.STOCK_CHANGES).deserializer()), REJECTION_STORE)
                .to(Topics.EXCEPTIONS.name(), toExceptions);

        // ... and resolved once the sink's journal shows the size's stock confirmed in Centra.
        KStream<String, SyncReceipt> receipts = builder.stream(Topics.SYNC_RECEIPTS.name(),
                Consumed.with(keys, serdes.of(Topics.SYNC_RECEIPTS)));
        receipts.process(ReceiptResolutionProcessor::new)
                .to(Topics.EXCEPTIONS.name(), toExceptions);

        // Drift: what Centra shows (centra.stock.v1) against what the confirmed pushes say it should
        // (centra.sync-receipts.v1); both keyed warehouseId|sku, so one task sees both sides of a key.
        receipts.mapValues(r -> (SpecificRecord) r)
                .merge(builder.stream(Topics.CENTRA_STOCK.name(), Consumed.with(keys, serdes.of(Topics.CENTRA_STOCK)))
                        .mapValues(o -> (SpecificRecord) o))
                .process(() -> new DriftProcessor(settings.driftGrace(), settings.checkInterval()),
                        DRIFT_RECEIPTS_STORE, DRIFT_OBSERVATIONS_STORE, DRIFT_SINCE_STORE, DRIFT_EXCEPTIONS_STORE)
                .to(Topics.EXCEPTIONS.name(), toExceptions);

        // Watchdog: every change of the ledger against the sink's journal, per location (the alarm is
        // per warehouse, so a location's sizes meet in one task). One partition: the watchdog reads
        // every change once more, and a single task keeps its alarms and their counts in one place.
        KStream<String, SpecificRecord> changesByLocation = builder.stream(Topics.STOCK_CHANGES.name(),
                        Consumed.with(keys, serdes.of(Topics.STOCK_CHANGES)))
                .selectKey((key, change) -> change.getLocationId())
                .repartition(Repartitioned.with(keys, serdes.of(Topics.STOCK_CHANGES)).withName(SYNC_WATCH_INPUT)
                        .withNumberOfPartitions(1))
                .mapValues(change -> (SpecificRecord) change);
        KStream<String, SpecificRecord> receiptsByLocation = receipts
                .selectKey((key, receipt) -> receipt.getLocationId())
                .repartition(Repartitioned.with(keys, serdes.of(Topics.SYNC_RECEIPTS)).withName("sync-receipts-by-location")
                        .withNumberOfPartitions(1))
                .mapValues(receipt -> (SpecificRecord) receipt);
        // Checked at least once per SLO: a stall must not outlast the SLO it is held to by a whole
        // check interval (the default SLO of 5 min is checked every 30 s; a demo's 5 s SLO every 5 s).
        Duration syncCheck = settings.syncSlo().compareTo(settings.checkInterval()) < 0 ? settings.syncSlo()
                : settings.checkInterval();
        changesByLocation.merge(receiptsByLocation)
                .process(() -> new SyncWatchProcessor(settings.syncSlo(), syncCheck),
                        SYNC_LATEST_STORE, SYNC_CONFIRMED_STORE, SYNC_WAITING_STORE, SYNC_WAREHOUSE_STORE,
                        SYNC_EXCEPTIONS_STORE)
                .to(Topics.EXCEPTIONS.name(), toExceptions);

        // Finance: transactions fold into their store's day, published when it closes, amended when late.
        KStream<String, PosTransaction> transactions = builder.stream(Topics.POS_TRANSACTIONS.name(),
                Consumed.with(keys, serdes.of(Topics.POS_TRANSACTIONS)));
        KStream<String, FinanceOutput> finance = transactions.process(() -> new DailyTotalsProcessor(settings),
                FINANCE_TRANSACTIONS_STORE, DAILY_TOTALS_STORE, OPEN_DAYS_STORE, SETTLEMENTS_STORE,
                FINANCE_EXCEPTIONS_STORE, AWAITING_MONEY_STORE);
        finance.filter((id, out) -> out.totals() != null).mapValues(FinanceOutput::totals)
                .to(Topics.DAILY_TOTALS.name(), Produced.with(keys, serdes.of(Topics.DAILY_TOTALS)));
        finance.filter((id, out) -> out.exception() != null).mapValues(FinanceOutput::exception)
                .to(Topics.EXCEPTIONS.name(), toExceptions);

        // Settlements move to their store's partition of pos.transactions, so they share the days' state.
        // The repartition topic takes payments.settlements.v1's partition count, which must equal
        // pos.transactions.v1's (Reconciliation checks it at start).
        builder.stream(Topics.SETTLEMENTS.name(), Consumed.with(keys, serdes.of(Topics.SETTLEMENTS)))
                .selectKey((key, settlement) -> settlement.getStoreId())
                .repartition(Repartitioned.with(keys, serdes.of(Topics.SETTLEMENTS)).withName("settlements-by-store"))
                .process(() -> new SettlementProcessor(settings), SETTLEMENTS_STORE, DAILY_TOTALS_STORE,
                        FINANCE_EXCEPTIONS_STORE, AWAITING_MONEY_STORE)
                .to(Topics.EXCEPTIONS.name(), toExceptions);

        // Centra side, from the till: a SKU Centra's catalogue does not have is raised as the sale arrives.
        transactions.process(UnknownSkuProcessor::new, UNKNOWN_SKU_PENDING_STORE)
                .to(Topics.EXCEPTIONS.name(), toExceptions);

        // Stores: anything a store sends (the three topics are keyed by storeId) proves its tills are online,
        // a till's heartbeat between sales too.
        transactions.mapValues(t -> Heard.event(t.getTillId()))
                .merge(builder.stream(Topics.STOCK_ADJUSTMENTS.name(), Consumed.with(keys, Serdes.ByteArray()))
                        .mapValues(movement -> Heard.event(null)))
                .merge(builder.stream(Topics.TILL_HEARTBEATS.name(),
                                Consumed.with(keys, serdes.of(Topics.TILL_HEARTBEATS)))
                        .mapValues(h -> Heard.heartbeat(h.getTillId(), h.getQueued())))
                .process(() -> new StoreSilenceProcessor(settings, eventPartitions), LAST_SEEN_STORE, SILENCE_EXCEPTIONS_STORE,
                        TILL_LAST_SEEN_STORE)
                .to(Topics.EXCEPTIONS.name(), toExceptions);

        // Every instance keeps the whole lists: they are small, and any instance can answer any query.
        builder.globalTable(Topics.EXCEPTIONS.name(), Consumed.with(keys, serdes.of(Topics.EXCEPTIONS)),
                Materialized.<String, ReconciliationException, KeyValueStore<Bytes, byte[]>>as(VIEW_STORE));
        builder.globalTable(Topics.DAILY_TOTALS.name(), Consumed.with(keys, serdes.of(Topics.DAILY_TOTALS)),
                Materialized.<String, DailyStoreTotals, KeyValueStore<Bytes, byte[]>>as(TOTALS_VIEW_STORE));
        builder.globalTable(Topics.CENTRA_CATALOG.name(), Consumed.with(keys, serdes.of(Topics.CENTRA_CATALOG)),
                Materialized.<String, CatalogEntry, KeyValueStore<Bytes, byte[]>>as(CATALOG_STORE));
        return builder.build();
    }

    private static <V> StoreBuilder<KeyValueStore<String, V>> store(String name, Serde<V> values) {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.String(), values);
    }
}
