package io.tillstream.centra.sink;

import io.tillstream.centra.Version;
import io.tillstream.centra.client.CentraClient;
import io.tillstream.centra.client.CentraException;
import io.tillstream.centra.client.GraphQlCentraClient;
import io.tillstream.centra.sink.config.CentraSinkConfig;
import io.tillstream.centra.client.RateTier;
import io.tillstream.centra.sink.metrics.SinkMetrics;
import io.tillstream.centra.sink.receipts.KafkaReceiptLog;
import io.tillstream.centra.sink.receipts.ReceiptLog;
import io.tillstream.centra.sink.sync.ChangeRecord;
import io.tillstream.centra.sink.sync.CorrectionRecord;
import io.tillstream.centra.client.RateBudget;
import io.tillstream.centra.sink.sync.RecordRef;
import io.tillstream.centra.sink.sync.StockSync;
import io.tillstream.centra.sink.sync.SyncHalted;
import io.tillstream.centra.sink.sync.SyncRetryLater;
import io.tillstream.centra.sink.sync.Warehouses;
import io.tillstream.centra.sink.stores.RegistryWarehouses;
import io.tillstream.centra.sink.holdback.HoldBack;
import io.tillstream.centra.sink.holdback.SilentStores;
import io.tillstream.domain.stores.OfflineHold;
import io.tillstream.domain.stores.StoreSellRates;
import io.tillstream.registry.client.SchemaRegistryClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Thin: decodes StockChange records and hands them to {@link StockSync}, which does the work. */
public class CentraStockSinkTask extends SinkTask {

    private static final Logger log = LoggerFactory.getLogger(CentraStockSinkTask.class);

    /** How long a restarted task keeps asking Centra about an unfinished mutation before it gives up. */
    private static final Duration RECOVERY_PATIENCE = Duration.ofSeconds(30);
    /** How soon to look again while deltas wait for budget: a token frees up every 0.5 s on Growth. */
    static final Duration RECHECK = Duration.ofMillis(250);
    private static final Duration RECOVERY_RETRY = Duration.ofSeconds(2);
    private static final String CORRECTION = "io.tillstream.schemas.StockCorrection";

    private CentraClient client;
    private ReceiptLog receipts;
    private StockSync sync;
    /** The store registry's warehouses, when no fixed mapping is configured. */
    private RegistryWarehouses stores;
    private boolean recovered;
    /** Silent stores held back from the webshop, when enabled; by the task that owns the first partition. */
    private HoldBack holdBack;
    private SilentStores silentStores;
    private TopicPartition holdBackPartition;
    /**
     * The Connect records not yet committed, by where they came from: the sync knows a record only by
     * its {@link RecordRef}, and a refused one goes to the dead-letter queue as the record Connect gave.
     */
    private final Map<RecordRef, SinkRecord> held = new HashMap<>();
    /** How many tasks share the connector's budget. */
    private int tasks = 1;

    public CentraStockSinkTask() {
    }

    /* visible for testing */
    CentraStockSinkTask(CentraClient client) {
        this.client = client;
    }

    @Override
    public String version() {
        return Version.get();
    }

    @Override
    public void start(Map<String, String> props) {
        CentraSinkConfig config = new CentraSinkConfig(props);
        Clock clock = Clock.systemUTC();
        if (client == null) {
            client = new GraphQlCentraClient(config.centraUrl(), config.token().value(), config.requestTimeout(), clock);
        }
        double per10s = config.taskMutationsPer10s();
        tasks = Math.max(1, (int) Math.round(config.connectorMutationsPer10s() / per10s));
        double perHour = per10s / config.tier().mutationsPer10s() * config.tier().mutationsPerHour();
        ErrantRecordReporter reporter = context.errantRecordReporter();
        receipts = receipts(config, clock);
        RateBudget budget = RateBudget.mutations(per10s, perHour, clock);
        Warehouses warehouses;
        if (config.warehouses().isEmpty()) {
            stores = new RegistryWarehouses(config.receiptsKafka(), new SchemaRegistryClient(config.receiptsRegistry()));
            warehouses = stores;
        } else {
            warehouses = Warehouses.fixed(config.warehouses());
        }
        StockSync.Options options = StockSync.Options.of(warehouses, config.maxSizesPerMutation())
                .withScheduler(config.scheduler())
                .withReadBackByStock(config.readBackByStock() || !canReadBackByDescription());
        if (config.scheduler().readsCentraFree()) {
            // Every tier allows about three requests per mutation; reads take a quarter of this
            // task's share of the requests, leaving the rest to its mutations and read-backs.
            RateTier tier = config.tier();
            options = options.withFreeReads(RateBudget.requests(per10s * tier.requestsPer10s() / tier.mutationsPer10s() / 4,
                    perHour * tier.requestsPerHour() / tier.mutationsPerHour() / 4, clock));
        }
        sync = new StockSync(client, budget, receipts, (ref, reason) -> report(reporter, held.get(ref), reason),
                options, clock);
        config.holdBack().ifPresent(h -> {
            silentStores = new SilentStores(config.receiptsKafka(), new SchemaRegistryClient(config.receiptsRegistry()),
                    h.exceptionsTopic());
            // Reads of thresholds take a tenth of this task's share of the requests (about three per mutation).
            RateTier tier = config.tier();
            RateBudget reads = RateBudget.requests(per10s * tier.requestsPer10s() / tier.mutationsPer10s() / 10,
                    perHour * tier.requestsPerHour() / tier.mutationsPerHour() / 10, clock);
            holdBack = new HoldBack(client, budget, reads, warehouses, silentStores,
                    new StoreSellRates(h.rateMemory()), new OfflineHold(h.maxUnits()), h.baseThreshold(), clock);
            // One task decides for every store (a warehouse has one threshold): the one given partition 0
            // of the first topic. It learns the sell rates from its own partitions' changes, a sample of
            // each store's sizes, which is what a rate per selling size needs.
            holdBackPartition = new TopicPartition(props.get("topics").split(",")[0].trim(), 0);
        });
        sync.observe(new SinkMetrics(context.pluginMetrics(), sync, budget, clock::millis));
        recovered = false;
        log.info("Centra stock sink started with {}, {} mutations per 10 s", config.warehouses().isEmpty()
                ? "the store registry's warehouses" : config.warehouses().size() + " mapped warehouse(s)", per10s);
    }

    @Override
    public void put(Collection<SinkRecord> records) {
        if (stores != null && !stores.ready()) {
            // a location not read yet is not an unmapped one: Connect hands the same records again
            throw new RetriableException("The store registry (stores.v1) is still being read");
        }
        records.forEach(r -> held.put(ref(r), r));
        atTheEdge(() -> {
            recoverOnce();
            List<ChangeRecord> changes = records.stream().filter(r -> !isCorrection(r))
                    .map(CentraStockSinkTask::decode).toList();
            sync.add(changes);
            sync.addCorrections(records.stream().filter(CentraStockSinkTask::isCorrection)
                    .map(CentraStockSinkTask::decodeCorrection).toList());
            if (holdsBack()) {
                changes.forEach(c -> holdBack.changed(c.locationId(), c.sku(), c.delta(), c.occurredAt()));
                holdBack.converge(sync::pendingAt, false);
            }
            sync.flush();
            if (holdsBack()) {
                holdBack.converge(sync::pendingAt, true);
            }
        });
        forgetSettled(sync.committableOffsets());
        if (sync.pendingSizes() > 0) {
            // Connect calls put again when records arrive or at the next offset commit (a minute by
            // default): a sale waiting for budget in a quiet spell must not wait that long.
            context.timeout(RECHECK.toMillis());
        }
    }

    private boolean holdsBack() {
        return holdBack != null && context.assignment().contains(holdBackPartition);
    }

    /** Below the committable offset every record is settled: never refused any more, no longer needed here. */
    private void forgetSettled(Map<TopicPartition, Long> committable) {
        held.keySet().removeIf(ref -> ref.offset() < committable.getOrDefault(ref.topicPartition(), -1L));
    }

    /** The sync's own exceptions become Connect's: fail the task, or hand the same records again. */
    private static void atTheEdge(Runnable work) {
        try {
            work.run();
        } catch (SyncHalted e) {
            throw new ConnectException(e.getMessage(), e);
        } catch (SyncRetryLater e) {
            throw new RetriableException(e.getMessage(), e);
        }
    }

    /** Commits only what Centra confirmed; the rest is re-delivered after a restart. */
    @Override
    public Map<TopicPartition, OffsetAndMetadata> preCommit(Map<TopicPartition, OffsetAndMetadata> currentOffsets) {
        if (!recovered) {
            return Map.of(); // nothing was put yet
        }
        atTheEdge(sync::flush);
        Map<TopicPartition, OffsetAndMetadata> commit = new HashMap<>();
        Map<TopicPartition, Long> committable = sync.committableOffsets();
        committable.forEach((tp, offset) -> {
            if (currentOffsets.containsKey(tp)) {
                commit.put(tp, new OffsetAndMetadata(offset));
            }
        });
        forgetSettled(committable);
        return commit;
    }

    /**
     * Reads the receipt journal before the first record, in {@code put} rather than {@code start}:
     * the journal needs the broker and the schema registry, and a task whose start fails stays
     * FAILED, while a {@link RetriableException} from {@code put} makes Connect hand the same records
     * again a little later. A registry restarting beside a worker must delay the sink, not stop it.
     */
    private void recoverOnce() {
        if (recovered) {
            return;
        }
        try {
            sync.recover(RECOVERY_PATIENCE, tasks); // the caller turns SyncHalted/SyncRetryLater into Connect's
        } catch (RuntimeException e) {
            if (Retriable.isRetriable(e)) {
                log.warn("Cannot read the receipt journal yet ({}); Connect will hand these records again", e.toString());
                context.timeout(RECOVERY_RETRY.toMillis());
                throw new RetriableException("Receipt journal not readable yet", e);
            }
            throw e;
        }
        recovered = true;
    }

    /**
     * Partitions taken from this task: a mutation in doubt that carries their changes is settled
     * before they go (see {@link StockSync#handOver}).
     */
    @Override
    public void close(Collection<TopicPartition> partitions) {
        atTheEdge(() -> sync.handOver(partitions, RECOVERY_PATIENCE));
        if (holdBack != null && partitions.contains(holdBackPartition)) {
            holdBack.forget();
        }
        held.keySet().removeIf(ref -> partitions.contains(ref.topicPartition()));
    }

    /**
     * Partitions given to this task, maybe by another one that confirmed changes of them since this
     * task read the journal: it is read again before their first record (in {@code put}, where a
     * broker or registry that cannot answer yet only delays it).
     */
    @Override
    public void open(Collection<TopicPartition> partitions) {
        recovered = false;
    }

    @Override
    public void stop() {
        if (client != null) {
            client.close();
        }
        if (receipts != null) {
            receipts.close();
        }
        if (stores != null) {
            stores.close();
        }
        if (silentStores != null) {
            silentStores.close();
        }
    }

    /**
     * Asks once whether this Centra has the stock-change query by description (a made-up id: the
     * answer is "none", or an error saying the field does not exist). If Centra cannot be asked
     * now, assume it lacks it: reading back by stock works against either.
     */
    private boolean canReadBackByDescription() {
        try {
            boolean supported = client.wasApplied("tillstream:probe-" + java.util.UUID.randomUUID()).isPresent();
            if (!supported) {
                log.warn("This Centra has no stock-change query by description: reading back by comparing stock");
            }
            return supported;
        } catch (CentraException e) {
            log.warn("Could not probe Centra's stock-change query ({}); reading back by comparing stock",
                    e.getMessage());
            return false;
        }
    }

    private static ReceiptLog receipts(CentraSinkConfig config, Clock clock) {
        if (config.receiptsBootstrapServers().isBlank()) {
            log.warn("No receipt journal configured ({}): a restart between a mutation and its offset commit can "
                    + "push that delta twice", CentraSinkConfig.RECEIPTS_BOOTSTRAP_CONFIG);
            return ReceiptLog.NONE;
        }
        return new KafkaReceiptLog(config.receiptsKafka(), config.receiptsRegistry(), config.receiptsTopic(), clock);
    }

    private static ChangeRecord decode(SinkRecord record) {
        if (!(record.value() instanceof Struct s)) {
            throw new DataException("Expected a StockChange struct at " + record.topic() + "-" + record.kafkaPartition()
                    + "@" + record.kafkaOffset() + "; configure the ConfluentAvroConverter as value.converter");
        }
        return new ChangeRecord(s.getString("locationId"), s.getString("sku"), s.getInt64("sequence"),
                s.getInt32("delta"), s.getInt32("onHandAfter"), epochMillis(s.get("occurredAt")), ref(record));
    }

    /** An audit's correction ({@code centra.corrections.v1}), told apart by its value's schema. */
    private static boolean isCorrection(SinkRecord record) {
        return record.valueSchema() != null && CORRECTION.equals(record.valueSchema().name());
    }

    private static CorrectionRecord decodeCorrection(SinkRecord record) {
        Struct s = (Struct) record.value();
        return new CorrectionRecord(s.getString("auditId"), s.getString("locationId"), s.getString("sku"),
                s.getInt32("warehouseId"), s.getInt32("delta"), s.getInt32("ledgerOnHand"),
                s.schema().field("sequence") == null || s.get("sequence") == null ? 0 : s.getInt64("sequence"),
                ref(record));
    }

    private static RecordRef ref(SinkRecord record) {
        return new RecordRef(record.topic(), record.kafkaPartition(), record.kafkaOffset());
    }

    /** The converter gives Connect's Timestamp (a Date) for Avro's timestamp-millis, or the raw long. */
    private static long epochMillis(Object occurredAt) {
        if (occurredAt instanceof java.util.Date d) {
            return d.getTime();
        }
        return occurredAt instanceof Number n ? n.longValue() : 0;
    }

    private static void report(ErrantRecordReporter reporter, SinkRecord record, String reason) {
        if (reporter == null) {
            throw new ConnectException(reason + " (configure errors.tolerance=all and a dead-letter queue to skip it)");
        }
        reporter.report(record, new DataException(reason));
    }
}
