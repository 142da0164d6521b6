package io.tillstream.bench;

import io.tillstream.bench.centra.CentraScenario;
import io.tillstream.embedded.kafka.EmbeddedKafka;
import io.tillstream.registry.server.EmbeddedSchemaRegistry;
import io.tillstream.registry.serde.ConfluentAvroSerializer;
import io.tillstream.registry.client.SchemaRegistryClient;
import io.tillstream.schemas.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import io.tillstream.domain.stores.StoreInfo;
import io.tillstream.ingest.stores.Store;
import io.tillstream.ingest.transactions.RequestReader;
import io.tillstream.ingest.transactions.TransactionMapper;
import io.tillstream.ingest.transactions.TransactionRequest;
import io.tillstream.schemas.PosTransaction;
import java.util.Arrays;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;

/**
 * {@code ./tillstream bench [ingest|projector|centra|cluster]}: one in-process broker, Kafka's own producer
 * and consumer tools on it as the baseline, then each scenario with its figures and its ratio to the
 * baseline measured in the same run. The centra scenario's baseline is a FIFO scheduler at the same
 * budget; its options follow the name ({@code centra --duration 600s ...}).
 */
public final class Bench {

    private static final List<String> SCENARIOS = List.of("ingest", "projector", "centra", "cluster");
    private static final long BASELINE_RECORDS = 300_000;
    private static final List<Integer> CONCURRENCY = List.of(1, 8, 32);
    private static final Duration STEP = Duration.ofSeconds(8);
    private static final int TARGET_RATE = 500;
    private static final int BATCH_SIZE = 100;
    private static final List<Integer> BATCH_CONCURRENCY = List.of(1, 4);
    private static final double BATCH_TARGET_RATIO = 0.5;

    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && (args[0].equals("--help") || args[0].equals("-h"))) {
            System.out.println("""
                    Usage: tillstream bench [SCENARIO] [options]
                    Prints Kafka's own ProducerPerformance and ConsumerPerformance on the same broker, then each
                    scenario with its ratio to them. SCENARIO: all (default), ingest, projector, centra (options:
                    --duration 600s --sales 6 --orders 10 --seed 7), cluster (starts ./tillstream cluster).""");
            System.exit(0);
        }
        String scenario = args.length > 0 ? args[0] : "all";
        if (!scenario.equals("all") && !SCENARIOS.contains(scenario)) {
            System.err.println("tillstream bench: unknown scenario '" + scenario + "'; one of " + SCENARIOS);
            System.exit(2);
        }
        System.out.printf("Tillstream bench — %d cores, Java %s, max heap %d MB%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
                Runtime.getRuntime().maxMemory() >> 20);
        Path work = Files.createTempDirectory("tillstream-bench-");
        if (scenario.equals("cluster")) {
            // the cluster's own brokers, not the in-process one; run on its own (it starts 14 processes)
            ClusterScenario.run(Path.of(System.getProperty("tillstream.home", ".")), work);
            System.exit(0);
        }
        if (scenario.equals("centra")) {
            try (EmbeddedKafka kafka = EmbeddedKafka.startTemporary();
                 EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.start(kafka.bootstrapServers(), 0)) {
                CentraScenario.run(kafka.bootstrapServers(), registry.url().toString(), work,
                        Arrays.copyOfRange(args, 1, args.length));
            }
            System.exit(0);
        }
        try (EmbeddedKafka kafka = EmbeddedKafka.startTemporary();
             IngestTarget ingest = IngestTarget.start(kafka.bootstrapServers(), work)) {
            if (!scenario.equals("ingest")) {
                // First, while the event log holds only its own events.
                ProjectorScenario.run(kafka.bootstrapServers(), ingest.registryUrl(), work);
                if (scenario.equals("projector")) {
                    System.exit(0);
                }
            }
            int recordSize = recordSize(ingest);
            System.out.printf("%nBaseline: Kafka's ProducerPerformance / ConsumerPerformance, %,d records of %d bytes, "
                    + "acks=all, same broker%n", BASELINE_RECORDS, recordSize);
            KafkaBaseline.Result base = KafkaBaseline.measure(kafka.bootstrapServers(), "bench.baseline",
                    recordSize, BASELINE_RECORDS);
            System.out.printf("  producer  %,10.0f records/s  %6.2f MB/s  p50 %d ms  p99 %d ms%n",
                    base.producerRecordsPerSec(), base.producerMbPerSec(), base.producerP50Ms(), base.producerP99Ms());
            System.out.printf("  consumer  %,10.0f records/s  %6.2f MB/s%n", base.consumerRecordsPerSec(),
                    base.consumerMbPerSec());
            ingest(ingest, base);
            batchIngest(ingest, base);
            if (scenario.equals("all")) {
                CentraScenario.run(kafka.bootstrapServers(), ingest.registryUrl(), work, new String[0]);
            }
        }
        System.exit(0); // Micronaut's and Kafka's non-daemon threads are done by now; do not wait for stragglers
    }

    /** Scenario (a): single-transaction HTTP ingest — throughput at rising concurrency, then latency at a fixed rate. */
    private static void ingest(IngestTarget target, KafkaBaseline.Result base) throws Exception {
        HttpLoad load = new HttpLoad(target.url() + "/v1/transactions", 202, n -> {
            int store = (int) (n % IngestTarget.STORES) + 1;
            return new String[] {target.token(store), sale(IngestTarget.storeId(store), "bench-" + n)};
        });
        System.out.printf("%nScenario ingest (a): POST /v1/transactions, one sale per request, 202 after acks=all%n");
        load.closedLoop(4, Duration.ofSeconds(3)); // warm-up: JIT, connections, producer metadata
        for (int concurrency : CONCURRENCY) {
            HttpLoad.Result r = load.closedLoop(concurrency, STEP);
            System.out.printf("  concurrency %3d  %,8.0f tx/s  p50 %6.2f ms  p99 %6.2f ms  failed %d  ratio %.3f x producer%n",
                    concurrency, r.perSecond(), r.p50Micros() / 1e3, r.p99Micros() / 1e3, r.failed(),
                    r.perSecond() / base.producerRecordsPerSec());
        }
        HttpLoad.Result paced = load.openLoop(TARGET_RATE, Duration.ofSeconds(10));
        System.out.printf("  fixed rate %d/s  %,8.0f tx/s  p50 %6.2f ms  p99 %6.2f ms  max %6.2f ms  failed %d  "
                        + "(target p99 <= 20 ms: %s)%n", TARGET_RATE, paced.perSecond(), paced.p50Micros() / 1e3,
                paced.p99Micros() / 1e3, paced.maxMicros() / 1e3, paced.failed(),
                paced.p99Micros() <= 20_000 ? "met" : "NOT met");
    }

    /** Scenario (b): batch ingest — transactions per second through one Kafka transaction per batch. */
    private static void batchIngest(IngestTarget target, KafkaBaseline.Result base) throws Exception {
        HttpLoad load = new HttpLoad(target.url() + "/v1/transactions/batch", 200, n -> {
            int store = (int) (n % IngestTarget.STORES) + 1;
            String storeId = IngestTarget.storeId(store);
            StringBuilder body = new StringBuilder("{\"transactions\":[");
            for (int i = 0; i < BATCH_SIZE; i++) {
                body.append(i == 0 ? "" : ",").append(sale(storeId, "bench-b" + n + "-" + i));
            }
            return new String[] {target.token(store), body.append("]}").toString()};
        });
        System.out.printf("%nScenario ingest (b): POST /v1/transactions/batch, %d sales per request, "
                + "committed in one Kafka transaction%n", BATCH_SIZE);
        load.closedLoop(2, Duration.ofSeconds(3)); // warm-up: transactional producers initialised, JIT
        for (int concurrency : BATCH_CONCURRENCY) {
            HttpLoad.Result r = load.closedLoop(concurrency, STEP);
            double perSecond = r.perSecond() * BATCH_SIZE;
            double ratio = perSecond / base.producerRecordsPerSec();
            System.out.printf("  concurrency %3d  %,8.0f tx/s  (%,6.0f batches/s)  p50 %6.2f ms  p99 %6.2f ms  failed %d  "
                            + "ratio %.3f x producer (target >= %.1f: %s)%n", concurrency, perSecond, r.perSecond(),
                    r.p50Micros() / 1e3, r.p99Micros() / 1e3, r.failed(), ratio, BATCH_TARGET_RATIO,
                    ratio >= BATCH_TARGET_RATIO ? "met" : "NOT met");
        }
    }

    /** The size of one sale as appended (Avro in Confluent wire format), so the baseline moves the same bytes. */
    private static int recordSize(IngestTarget target) {
        Store store = new Store("B001", "T01", new StoreInfo("B001", "bench", ZoneId.of("Europe/London"),
                LocalTime.of(9, 0), LocalTime.of(22, 0)));
        PosTransaction event = TransactionMapper.toEvent(
                RequestReader.readFor(store, sale("B001", "bench-size"), TransactionRequest.class), store, Instant.now());
        var serializer = new ConfluentAvroSerializer<SpecificRecord>(new SchemaRegistryClient(target.registryUrl()),
                Topics.POS_TRANSACTIONS.valueSchema());
        return serializer.serialize(Topics.POS_TRANSACTIONS.name(), event).length;
    }

    static String sale(String storeId, String id) {
        return """
                {"transactionId":"%s","storeId":"%s","tillId":"T01","type":"SALE","occurredAt":"%s","currency":"GBP",
                 "lines":[{"sku":"CAS-TEE-BLK-M","quantity":2,"unitPrice":"25.00","discount":"5.00","tax":"7.50"}],
                 "tenders":[{"method":"CARD","amount":"45.00","reference":"auth-88123"}]}"""
                .formatted(id, storeId, Instant.now());
    }
}
