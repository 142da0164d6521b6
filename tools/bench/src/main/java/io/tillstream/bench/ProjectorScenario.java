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
import io.tillstream.service.streams.StreamsSettings;
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
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;

/**
 * Scenario projector: one million POS line events (500,000 two-line sales across 50 stores and
 * 400 SKUs) folded by the stock topology under exactly_once_v2 from a fresh application id, beside
 * Kafka's ConsumerPerformance reading the same topic and a Kafka Streams pass-through under the same
 * guarantee (the floor any exactly-once topology starts from here), then the replay fold over the same log.
 */
final class ProjectorScenario {

    static final int TRANSACTIONS = 500_000;
    private static final int LINES = 2;
    private static final BigDecimal PRICE = new BigDecimal("10.0000");
    private static final String PASS_THROUGH = "bench.passthrough";
    private static final Duration COMMIT_INTERVAL = Duration.ofMillis(200);
    /** One stream thread per core: the tasks (3 partitions x 2 sub-topologies) then share both cores. */
    private static final int STREAM_THREADS = Runtime.getRuntime().availableProcessors();

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

        // Kafka Streams' own floor on this broker: the same input, exactly_once_v2 and commit interval, and
        // no work at all (a byte-for-byte pass-through). What the topology costs beyond it is ours.
        Rate floor = timed(bootstrap, total, "bench-passthrough-", work, registryUrl, () -> passThrough(bootstrap));
        System.out.printf("  EOS pass-through     %,10.0f records/s  ratio %.2f x ConsumerPerformance (Kafka Streams'"
                + " floor here); %,.0f records/s once running%n", floor.overall(), floor.overall() / consumer[0],
                floor.running());
        Rate topology = timed(bootstrap, total, "bench-projector-", work, registryUrl, () ->
                StockTopology.build(StockProjector.serdes(registryUrl), StockTopology.DEFAULT_DEDUP_WINDOW));
        double perSecond = topology.overall();
        System.out.printf("  stock topology       %,10.0f records/s (%,.0f line events/s)  ratio %.2f x ConsumerPerformance"
                        + " (target >= 0.4: %s), %.2f x the pass-through; %,.0f records/s once running%n", perSecond,
                perSecond * LINES, perSecond / consumer[0], perSecond / consumer[0] >= 0.4 ? "met" : "NOT met",
                perSecond / floor.overall(), topology.running());

        long replayStart = System.nanoTime();
        StockReplay.read(bootstrap, registryUrl, new PrintStream(OutputStream.nullOutputStream()));
        double replaySeconds = (System.nanoTime() - replayStart) / 1e9;
        System.out.printf("  replay fold (CLI)    %,10.0f records/s (%,.0f line events/s)%n", total / replaySeconds,
                total * LINES / replaySeconds);
        System.out.printf("  peak heap of this JVM (broker, registry, Streams and replay together): %d MB%n",
                peakHeapMb());
    }

    /**
     * Records/s of a fresh application over the whole input, done when its offsets are committed:
     * start-up included (as ConsumerPerformance's own figure includes its group join), and from its
     * first commit on, once running.
     */
    record Rate(double overall, double running) {
    }

    private static Rate timed(String bootstrap, long total, String name, Path work, String registryUrl,
                              Callable<Topology> topology) throws Exception {
        StreamsSettings settings = StreamsSettings.local(name + System.nanoTime(), bootstrap, registryUrl,
                work.resolve(name + "state"), 0);
        Properties properties = settings.streamsProperties(COMMIT_INTERVAL);
        properties.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, STREAM_THREADS);
        try (KafkaStreams streams = new KafkaStreams(topology.call(), properties)) {
            long start = System.nanoTime();
            streams.start();
            long[] firstCommit = awaitCommitted(bootstrap, settings.applicationId(), total, streams);
            long end = System.nanoTime();
            // NaN when the first commit seen already covered everything: too fast to tell
            double running = firstCommit[1] >= total ? Double.NaN
                    : (total - firstCommit[1]) / ((end - firstCommit[0]) / 1e9);
            return new Rate(total / ((end - start) / 1e9), running);
        }
    }

    private static Topology passThrough(String bootstrap) throws Exception {
        try (Admin admin = admin(bootstrap)) {
            admin.createTopics(List.of(new NewTopic(PASS_THROUGH, Topics.POS_TRANSACTIONS.partitions(), (short) 1)))
                    .all().get();
        }
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(List.of(Topics.POS_TRANSACTIONS.name(), Topics.STOCK_ADJUSTMENTS.name()),
                        Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()))
                .to(PASS_THROUGH, Produced.with(Serdes.ByteArray(), Serdes.ByteArray()));
        return builder.build();
    }

    private static void produce(String bootstrap, String registryUrl) {
        produceSales(bootstrap, registryUrl, 0, TRANSACTIONS, Instant.parse("2026-11-26T08:00:00Z"));
    }

    /**
     * Two-line card sales across 50 stores and 400 SKUs, numbered {@code first ..}, a millisecond apart from
     * {@code t0}, straight onto pos.transactions.v1: a backlog for the projector.
     */
    static void produceSales(String bootstrap, String registryUrl, int first, int count, Instant t0) {
        var serializer = new ConfluentAvroSerializer<SpecificRecord>(new SchemaRegistryClient(registryUrl),
                Topics.POS_TRANSACTIONS.valueSchema());
        Random random = new Random(11 + first);
        LocalDate businessDate = t0.atZone(java.time.ZoneOffset.UTC).toLocalDate();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.LINGER_MS_CONFIG, 20,
                ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024), new StringSerializer(), new ByteArraySerializer())) {
            for (int n = first; n < first + count; n++) {
                String store = "B" + random.nextInt(50);
                Instant at = t0.plusMillis(n - first);
                PosTransaction sale = PosTransaction.newBuilder().setTransactionId(store + "-P" + n).setStoreId(store)
                        .setTillId("T1").setType(TransactionType.SALE).setOccurredAt(at).setReceivedAt(at)
                        .setBusinessDate(businessDate).setCurrency("GBP")
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

    /**
     * Done when the application's committed offsets reach the end of the input (its outputs are then
     * committed too).
     *
     * @return when the first committed offsets were seen (nanoTime) and how many records they covered
     */
    private static long[] awaitCommitted(String bootstrap, String applicationId, long total, KafkaStreams streams)
            throws Exception {
        try (Admin admin = admin(bootstrap)) {
            Set<String> inputs = Set.of(Topics.POS_TRANSACTIONS.name(), Topics.STOCK_ADJUSTMENTS.name());
            long deadline = System.nanoTime() + Duration.ofMinutes(15).toNanos();
            long[] first = null;
            while (System.nanoTime() < deadline) {
                long committed = admin.listConsumerGroupOffsets(applicationId).partitionsToOffsetAndMetadata().get()
                        .entrySet().stream().filter(e -> inputs.contains(e.getKey().topic()) && e.getValue() != null)
                        .mapToLong(e -> e.getValue().offset()).sum();
                if (first == null && committed > 0) {
                    first = new long[] {System.nanoTime(), committed};
                }
                if (committed >= total) {
                    return first;
                }
                if (streams.state() == KafkaStreams.State.ERROR || streams.state() == KafkaStreams.State.NOT_RUNNING) {
                    throw new IllegalStateException(applicationId + " stopped: " + streams.state());
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
