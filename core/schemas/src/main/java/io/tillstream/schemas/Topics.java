package io.tillstream.schemas;

import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;

/**
 * The catalogue of every topic Tillstream reads or writes. Keys are UTF-8 strings; values are
 * Avro in Confluent's wire format. See the README's topic table, which mirrors this class.
 */
public final class Topics {

    private static final int EVENT_PARTITIONS = 6;
    private static final Duration DLQ_RETENTION = Duration.ofDays(30);

    /** The event log: kept forever, analysts replay it. Keyed by store so a store's events stay in order. */
    public static final TopicSpec<PosTransaction> POS_TRANSACTIONS = new TopicSpec<>("pos.transactions.v1", EVENT_PARTITIONS,
            TopicSpec.DELETE, null, "storeId", PosTransaction.getClassSchema());

    /** Stock adjustments and stocktakes share one topic so a store's physical movements stay in one order. */
    public static final TopicSpec<SpecificRecord> STOCK_ADJUSTMENTS = new TopicSpec<>("stock.adjustments.v1", EVENT_PARTITIONS,
            TopicSpec.DELETE, null, "storeId",
            Schema.createUnion(StockAdjustment.getClassSchema(), Stocktake.getClassSchema()));

    /**
     * Tills saying they are online ({@code POST /v1/heartbeat}), keyed by store like the events so that a
     * heartbeat meets its store's transactions in one task. A week is enough: only the latest matters.
     */
    public static final TopicSpec<TillHeartbeat> TILL_HEARTBEATS = new TopicSpec<>("pos.till-heartbeats.v1",
            EVENT_PARTITIONS, TopicSpec.DELETE, Duration.ofDays(7), "storeId", TillHeartbeat.getClassSchema());

    public static final TopicSpec<StockLevel> STOCK_LEVELS = new TopicSpec<>("stock.levels.v1", EVENT_PARTITIONS,
            TopicSpec.COMPACT, null, "locationId|sku", StockLevel.getClassSchema());

    public static final TopicSpec<SkuAvailability> STOCK_ATS = new TopicSpec<>("stock.ats.v1", EVENT_PARTITIONS,
            TopicSpec.COMPACT, null, "sku", SkuAvailability.getClassSchema());

    /** Long enough for the sink to be down over a long weekend and still catch up from deltas. */
    public static final TopicSpec<StockChange> STOCK_CHANGES = new TopicSpec<>("stock.changes.v1", EVENT_PARTITIONS,
            TopicSpec.DELETE, Duration.ofDays(14), "locationId|sku", StockChange.getClassSchema());

    /**
     * Safety buffers, changed at run time. The key selects what a policy applies to:
     * {@code locationId|sku}, {@code locationId|skuPrefix*}, {@code locationId|*}, and the same with
     * {@code *} as the location for every location. The most specific one wins: a location's own
     * policy over the network's, then the exact SKU over the longest prefix over {@code *}.
     */
    public static final TopicSpec<StockPolicy> STOCK_POLICIES = new TopicSpec<>("stock.policies.v1", 1,
            TopicSpec.COMPACT, null, "locationId|sku, locationId|skuPrefix*, locationId|*, *|sku, *|skuPrefix*, *|*",
            StockPolicy.getClassSchema());

    /** What the ledger received but did not apply as written (rejected voids, movements a stocktake already counted). */
    public static final TopicSpec<LedgerNotice> LEDGER_NOTICES = new TopicSpec<>("stock.ledger-notices.v1", EVENT_PARTITIONS,
            TopicSpec.DELETE, Duration.ofDays(30), "storeId", LedgerNotice.getClassSchema());

    public static final TopicSpec<CatalogEntry> CENTRA_CATALOG = new TopicSpec<>("centra.catalog.v1", EVENT_PARTITIONS,
            TopicSpec.COMPACT, null, "sku", CatalogEntry.getClassSchema());

    public static final TopicSpec<CentraStockObservation> CENTRA_STOCK = new TopicSpec<>("centra.stock.v1", EVENT_PARTITIONS,
            TopicSpec.COMPACT, null, "warehouseId|sku", CentraStockObservation.getClassSchema());

    public static final TopicSpec<SyncReceipt> SYNC_RECEIPTS = new TopicSpec<>("centra.sync-receipts.v1", EVENT_PARTITIONS,
            TopicSpec.COMPACT, null, "warehouseId|sku", SyncReceipt.getClassSchema());

    /**
     * Corrections an audit found (Centra differed from the ledger with nothing in flight), applied
     * by the Centra sink within its budget, each once. Keyed like the changes, by location and size.
     */
    public static final TopicSpec<StockCorrection> CENTRA_CORRECTIONS = new TopicSpec<>("centra.corrections.v1", EVENT_PARTITIONS,
            TopicSpec.DELETE, Duration.ofDays(14), "locationId|sku", StockCorrection.getClassSchema());

    public static final TopicSpec<ReconciliationException> EXCEPTIONS = new TopicSpec<>("reconciliation.exceptions.v1", EVENT_PARTITIONS,
            TopicSpec.COMPACT, null, "exceptionId", ReconciliationException.getClassSchema());

    public static final TopicSpec<DailyStoreTotals> DAILY_TOTALS = new TopicSpec<>("finance.daily-totals.v1", EVENT_PARTITIONS,
            TopicSpec.DELETE, null, "storeId|businessDate", DailyStoreTotals.getClassSchema());

    public static final TopicSpec<Settlement> SETTLEMENTS = new TopicSpec<>("payments.settlements.v1", EVENT_PARTITIONS,
            TopicSpec.DELETE, null, "storeId|businessDate|provider", Settlement.getClassSchema());

    /**
     * The API tokens of people and systems (not the tills'), as hashes, keyed by the token's name; a
     * tombstone revokes one. Every service instance reads it live, so a token issued or revoked with
     * {@code ./tillstream token} takes effect everywhere within a second, without a restart.
     */
    public static final TopicSpec<AccessToken> ACCESS_TOKENS = new TopicSpec<>("access.tokens.v1", 1,
            TopicSpec.COMPACT, null, "token name", AccessToken.getClassSchema());

    /**
     * The store registry, keyed by storeId: pos-ingest, the Centra sink and reconciliation follow it live,
     * so a store opens, changes its hours or closes without a restart ({@code ./tillstream store}).
     */
    public static final TopicSpec<Store> STORES = new TopicSpec<>("stores.v1", 1, TopicSpec.COMPACT, null,
            "storeId", Store.getClassSchema());

    /**
     * Who of the owner team took an open exception on, keyed by exception id; the exceptions API shows it
     * beside the exception. A fact of its own, not a change of the exception, which the rules own.
     */
    public static final TopicSpec<ExceptionAcknowledgement> ACKNOWLEDGEMENTS = new TopicSpec<>("reconciliation.acknowledgements.v1", 1,
            TopicSpec.COMPACT, null, "exceptionId", ExceptionAcknowledgement.getClassSchema());

    /**
     * The audit trail: every human action, in one partition so it reads in the order it happened, kept
     * forever (an auditor asks for years). Written in the same transaction as the action's records.
     */
    public static final TopicSpec<AuditEntry> AUDIT = new TopicSpec<>("audit.v1", 1,
            TopicSpec.DELETE, null, "requestId", AuditEntry.getClassSchema());

    /** Dead-letter topics hold the original bytes; headers name the error. The sink parks changes Centra refused here. */
    public static final TopicSpec<byte[]> STOCK_CHANGES_DLQ = dlq(STOCK_CHANGES);

    /**
     * The topics the Streams applications read (not into global tables) whose unreadable records go
     * to {@code <topic>.dlq} (see the services' {@code DeadLetters}).
     */
    public static final List<TopicSpec<?>> DEAD_LETTERED = List.of(POS_TRANSACTIONS, STOCK_ADJUSTMENTS, STOCK_LEVELS,
            CENTRA_STOCK, SYNC_RECEIPTS, SETTLEMENTS, TILL_HEARTBEATS);

    public static final List<TopicSpec<?>> ALL = Stream.<TopicSpec<?>>concat(Stream.of(POS_TRANSACTIONS, STOCK_ADJUSTMENTS,
            TILL_HEARTBEATS, STOCK_LEVELS, STOCK_ATS, STOCK_CHANGES, STOCK_POLICIES, LEDGER_NOTICES, CENTRA_CATALOG, CENTRA_STOCK,
            SYNC_RECEIPTS, CENTRA_CORRECTIONS, EXCEPTIONS, DAILY_TOTALS, SETTLEMENTS, ACCESS_TOKENS, STORES, AUDIT,
            ACKNOWLEDGEMENTS, STOCK_CHANGES_DLQ),
            DEAD_LETTERED.stream().map(Topics::dlq)).toList();

    /** The names of {@link #DEAD_LETTERED}, for {@code DeadLetters.configure}. */
    public static List<String> deadLettered() {
        return DEAD_LETTERED.stream().map(TopicSpec::name).toList();
    }

    private Topics() {
    }

    public static TopicSpec<byte[]> dlq(TopicSpec<?> source) {
        return new TopicSpec<>(source.name() + ".dlq", 1, TopicSpec.DELETE, DLQ_RETENTION, source.keyDescription(), null);
    }

    public static TopicSpec<?> byName(String name) {
        return ALL.stream().filter(t -> t.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("Unknown topic " + name));
    }
}
