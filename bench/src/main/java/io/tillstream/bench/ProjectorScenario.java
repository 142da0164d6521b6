package io.tillstream.bench;

import io.tillstream.projector.StockProjector;
import io.tillstream.projector.replay.StockReplay;
import io.tillstream.projector.topology.StockTopology;
import io.tillstream.registry.client.SchemaRegistryClient;
import io.tillstream.registry.serde.ConfluentAvroSerializer;
import io.tillstream.schemas.PosTransaction;
import io.tillstream.schemas.Tender;
import io.tillstream.schemas.Topics;
import io.tillstream.schemas.TransactionLine;
import io.tillstream.schemas.TransactionType;
import io.tillstream.service.StreamsSettings;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryType;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;

/**
 * Scenario projector: one million POS line events (500,000 two-line sales across 50 stores and
 * 400 SKUs) folded by the stock topology under exactly_once_v2 from a fresh application id, beside
 * Kafka's ConsumerPerformance reading the same topic, then the replay fold over the same log.
 */
final class ProjectorScenario {

    static final int TRANSACTIONS = 500_000;
    private static final int LINES = 2;
    private static final BigDecimal PRICE = new BigDecimal("10.0000");

    private ProjectorScenario() {
    }

    static void run(String bootstrap, String registryUrl, Path work) throws Exception {
        System.out.printf("%nScenario projector: %,d POS line events (%,d sales of %d lines) through the stock topology, "
                + "exactly_once_v2%n", TRANSACTIONS * LINES, TRANSACTIONS, LINES);
        long produceStart = System.nanoTime();
        produce(bootstrap, registryUrl);
        System.out.printf("  produced in %.1f s%n", (System.nanoTime() - produceStart) / 1e9);
        long total = records(bootstrap);

        double[] consumer = KafkaBaseline.consume(bootstrap, Topics.POS_TRANSACTIONS.name(), total);
        System.out.printf("  ConsumerPerformance  %,10.0f records/s (%,.0f line events/s)%n", consumer[0],
                consumer[0] * LINES);

        StreamsSettings settings = StreamsSettings.local("bench-projector-" + System.nanoTime(), bootstrap,
                registryUrl, work.resolve("projector-state"), 0);
        try (KafkaStreams streams = new KafkaStreams(
                StockTopology.build(StockProjector.serdes(registryUrl), StockTopology.DEFAULT_DEDUP_WINDOW),
                settings.streamsProperties(Duration.ofMillis(200)))) {
            long start = System.nanoTime();
            streams.start();
            awaitCommitted(bootstrap, settings.applicationId(), total);
            double seconds = (System.nanoTime() - start) / 1e9;
            double perSecond = total / seconds;
            System.out.printf("  stock topology       %,10.0f records/s (%,.0f line events/s), %.1f s incl. start-up"
                            + "  ratio %.2f x ConsumerPerformance (target >= 0.4: %s)%n", perSecond, perSecond * LINES,
                    seconds, perSecond / consumer[0], perSecond / consumer[0] >= 0.4 ? "met" : "NOT met");
        }

        long replayStart = System.nanoTime();
        StockReplay.read(bootstrap, registryUrl, new PrintStream(OutputStream.nullOutputStream()));
        double replaySeconds = (System.nanoTime() - replayStart) / 1e9;
        System.out.printf("  replay fold (CLI)    %,10.0f records/s (%,.0f line events/s)%n", total / replaySeconds,
                total * LINES / replaySeconds);
        System.out.printf("  peak heap of this JVM (broker, registry, Streams and replay together): %d MB%n",
                peakHeapMb());
    }

    private static void produce(String bootstrap, String registryUrl) {
        var serializer = new ConfluentAvroSerializer<SpecificRecord>(new SchemaRegistryClient(registryUrl),
                Topics.POS_TRANSACTIONS.valueSchema());
        Random random = new Random(11);
        Instant t0 = Instant.parse("2026-11-26T08:00:00Z");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.LINGER_MS_CONFIG, 20,
                ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024), new StringSerializer(), new ByteArraySerializer())) {
            for (int n = 0; n < TRANSACTIONS; n++) {
                String store = "B" + random.nextInt(50);
                Instant at = t0.plusMillis(n);
                PosTransaction sale = PosTransaction.newBuilder().setTransactionId(store + "-P" + n).setStoreId(store)
                        .setTillId("T1").setType(TransactionType.SALE).setOccurredAt(at).setReceivedAt(at)
                        .setBusinessDate(LocalDate.of(2026, 11, 26)).setCurrency("GBP")
                        .setLines(List.of(line(random), line(random)))
                        .setTenders(List.of(new Tender("CARD", PRICE.add(PRICE), null))).build();
                producer.send(new ProducerRecord<>(Topics.POS_TRANSACTIONS.name(), store,
                        serializer.serialize(Topics.POS_TRANSACTIONS.name(), sale)));
            }
        }
    }

    private static TransactionLine line(Random random) {
        return TransactionLine.newBuilder().setSku("SKU-" + random.nextInt(400)).setQuantity(1).setUnitPrice(PRICE)
                .setDiscount(BigDecimal.ZERO.setScale(4)).setTax(BigDecimal.ZERO.setScale(4)).build();
    }

    private static long records(String bootstrap) throws Exception {
        try (Admin admin = admin(bootstrap)) {
            return endOffsets(admin).values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /** Done when the application's committed offsets reach the end of the input (its outputs are then committed too). */
    private static void awaitCommitted(String bootstrap, String applicationId, long total) throws Exception {
        try (Admin admin = admin(bootstrap)) {
            Set<String> inputs = Set.of(Topics.POS_TRANSACTIONS.name(), Topics.STOCK_ADJUSTMENTS.name());
            long deadline = System.nanoTime() + Duration.ofMinutes(15).toNanos();
            while (System.nanoTime() < deadline) {
                long committed = admin.listConsumerGroupOffsets(applicationId).partitionsToOffsetAndMetadata().get()
                        .entrySet().stream().filter(e -> inputs.contains(e.getKey().topic()) && e.getValue() != null)
                        .mapToLong(e -> e.getValue().offset()).sum();
                if (committed >= total) {
                    return;
                }
                Thread.sleep(200);
            }
            throw new IllegalStateException("The topology did not finish within 15 minutes");
        }
    }

    private static Map<TopicPartition, Long> endOffsets(Admin admin) throws Exception {
        var partitions = admin.describeTopics(List.of(Topics.POS_TRANSACTIONS.name(), Topics.STOCK_ADJUSTMENTS.name()))
                .allTopicNames().get().values().stream()
                .flatMap(d -> d.partitions().stream().map(p -> new TopicPartition(d.name(), p.partition())))
                .collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest()));
        return admin.listOffsets(partitions).all().get().entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
    }

    private static Admin admin(String bootstrap) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
    }

    private static long peakHeapMb() {
        return ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
                .mapToLong(p -> p.getPeakUsage().getUsed()).sum() >> 20;
    }
}
