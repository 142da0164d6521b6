package io.tillstream.projector;

import static org.assertj.core.api.Assertions.assertThat;

import io.tillstream.registry.client.SchemaRegistryClient;
import io.tillstream.registry.serde.ConfluentAvroDeserializer;
import io.tillstream.registry.serde.ConfluentAvroSerializer;
import io.tillstream.registry.server.EmbeddedSchemaRegistry;
import io.tillstream.schemas.AdjustmentLine;
import io.tillstream.schemas.AdjustmentReason;
import io.tillstream.schemas.PosTransaction;
import io.tillstream.schemas.ReturnDisposition;
import io.tillstream.schemas.StockAdjustment;
import io.tillstream.schemas.StockChange;
import io.tillstream.schemas.StockLevel;
import io.tillstream.schemas.Tender;
import io.tillstream.schemas.TopicProvisioner;
import io.tillstream.schemas.Topics;
import io.tillstream.schemas.TransactionLine;
import io.tillstream.schemas.TransactionType;
import io.tillstream.testkit.KafkaCluster;
import io.tillstream.testkit.KafkaExtension;
import java.io.File;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exactly-once under crashes: 200,000 events (with re-posted duplicates) go through the projector
 * running in its own JVM, which is killed with SIGKILL five times at random moments and restarted
 * on the same state directory. Afterwards every key's level must equal an independent fold of the
 * events, and every key's change sequence must be 1..n without gaps or repeats.
 *
 * <p>Availability under crashes: after every start, {@code GET /v1/stock/{sku}} must answer (not 503)
 * within {@link #ANSWER_WITHIN}. Ecommerce reads it; minutes of 503 after a restart are an outage.
 */
@ExtendWith(KafkaExtension.class)
class ProjectorCrashIT {

    private static final int EVENTS = 200_000;
    private static final int KILLS = 5;
    private static final int STORES = 12;
    private static final int SKUS = 60;
    private static final Instant T0 = Instant.parse("2026-11-26T08:00:00Z");
    private static final BigDecimal PRICE = new BigDecimal("10.0000");
    /** Other tests share the broker and the topics: this test only looks at its own stores. */
    private static final String STORE_PREFIX = "CRASH-S";
    /**
     * How soon a restarted projector must answer the stock API. A JVM start, the group's assignment
     * (at once: the restarted instance is the same static member) and the state restored from its
     * changelogs (an unclean exactly-once exit leaves no checkpoint, so from scratch) took 4 to 6 s
     * here; the rest is room for a slower machine. A restart held up by the killed instance's
     * leftovers (an open transaction, a group that waits for its dead member) takes far longer.
     */
    private static final Duration ANSWER_WITHIN = Duration.ofSeconds(30);

    @TempDir
    Path stateDir;

    @Test
    void shouldCountEveryEventExactlyOnceAcrossHardKills(KafkaCluster kafka) throws Exception {
        String bootstrap = kafka.bootstrapServers();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            new TopicProvisioner(admin, 3, (short) 1).provision(Topics.ALL);
        }
        try (EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.start(bootstrap, 0)) {
            String registryUrl = registry.url().toString();
            Fold expected = new Fold();
            AtomicBoolean produced = new AtomicBoolean();
            Thread producer = new Thread(() -> produce(bootstrap, registryUrl, expected, produced), "crash-it-producer");

            Projector projector = startProjector(bootstrap, registryUrl);
            try {
                producer.start();
                Random random = new Random(42);
                List<Long> processedAtKill = new ArrayList<>();
                List<Duration> answeredAfter = new ArrayList<>();
                try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
                    long before = committedInputOffsets(admin);
                    for (int kill = 0; kill < KILLS; kill++) {
                        // Longer than the 10 s session timeout, so the replacement gets to work between kills.
                        long killAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(14_000 + random.nextInt(6_000));
                        answeredAfter.add(projector.awaitAnswer(ANSWER_WITHIN));
                        Thread.sleep(Math.max(0, TimeUnit.NANOSECONDS.toMillis(killAt - System.nanoTime())));
                        processedAtKill.add(committedInputOffsets(admin) - before);
                        projector.process.destroyForcibly().waitFor(); // SIGKILL: no commit, no cleanup
                        projector = startProjector(bootstrap, registryUrl);
                    }
                    answeredAfter.add(projector.awaitAnswer(ANSWER_WITHIN));
                }
                System.out.println("ProjectorCrashIT: the stock API answered " + answeredAfter.stream()
                        .map(d -> d.toMillis() / 1000.0 + " s").toList() + " after each start");
                // The kills must land mid-stream, or they prove nothing.
                assertThat(processedAtKill).as("input records committed at each kill")
                        .filteredOn(n -> n > 0 && n < EVENTS).hasSizeGreaterThanOrEqualTo(3);
                producer.join(300_000);
                assertThat(produced).as("all events produced").isTrue();
                Result actual = awaitResult(bootstrap, registryUrl, expected, Duration.ofMinutes(4));
                assertThat(actual.levels).as("every key's level equals the independent fold")
                        .isEqualTo(expected.levels());
                actual.sequences.forEach((key, sequences) -> {
                    List<Long> gapFree = new ArrayList<>();
                    for (long i = 1; i <= sequences.size(); i++) {
                        gapFree.add(i);
                    }
                    assertThat(sequences).as("sequences of %s", key).isEqualTo(gapFree);
                });
                actual.deltaSums.forEach((key, sum) ->
                        assertThat(sum).as("Σ deltas of %s", key).isEqualTo(expected.levels().get(key).get(0)));
            } finally {
                projector.process.destroy();
                projector.process.waitFor();
            }
        }
    }

    /** The independent, obviously correct fold: events in the order they were produced, duplicates once. */
    private static final class Fold {
        private final Map<String, int[]> byKey = new HashMap<>();

        void apply(String store, String sku, int onHandDelta, int pendingDelta) {
            if (onHandDelta == 0 && pendingDelta == 0) {
                return; // no stock effect (a write-off at the till): the projector writes nothing either
            }
            int[] v = byKey.computeIfAbsent(store + "|" + sku, k -> new int[2]);
            v[0] += onHandDelta;
            v[1] += pendingDelta;
        }

        int pending(String store, String sku) {
            return byKey.getOrDefault(store + "|" + sku, new int[2])[1];
        }

        /** Per key touched: [on-hand, pending inspection]. */
        Map<String, List<Integer>> levels() {
            Map<String, List<Integer>> levels = new HashMap<>();
            byKey.forEach((k, v) -> levels.put(k, List.of(v[0], v[1])));
            return levels;
        }
    }

    private record Result(Map<String, List<Integer>> levels, Map<String, List<Long>> sequences, Map<String, Integer> deltaSums) {
    }

    private void produce(String bootstrap, String registryUrl, Fold fold, AtomicBoolean done) {
        SchemaRegistryClient registry = new SchemaRegistryClient(registryUrl);
        var transactions = new ConfluentAvroSerializer<SpecificRecord>(registry, Topics.POS_TRANSACTIONS.valueSchema());
        var adjustments = new ConfluentAvroSerializer<SpecificRecord>(registry, Topics.STOCK_ADJUSTMENTS.valueSchema());
        Random random = new Random(7);
        List<ProducerRecord<String, byte[]>> sent = new ArrayList<>();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 10), new StringSerializer(), new ByteArraySerializer())) {
            for (int n = 0; n < EVENTS; n++) {
                ProducerRecord<String, byte[]> record;
                if (n > 100 && random.nextInt(100) < 4) {
                    record = sent.get(random.nextInt(sent.size())); // a re-post: same id, counted once
                } else {
                    String store = STORE_PREFIX + random.nextInt(STORES);
                    String sku = "SKU-" + random.nextInt(SKUS);
                    Instant at = T0.plusMillis(n);
                    int roll = random.nextInt(100);
                    SpecificRecord event;
                    if (roll < 70) {
                        int q = 1 + random.nextInt(3);
                        fold.apply(store, sku, -q, 0);
                        event = transaction(store, "T" + n, TransactionType.SALE, at, line(sku, q, null));
                    } else if (roll < 82) {
                        ReturnDisposition d = ReturnDisposition.values()[random.nextInt(3)];
                        fold.apply(store, sku, d == ReturnDisposition.RESTOCK ? 1 : 0, d == ReturnDisposition.INSPECT ? 1 : 0);
                        event = transaction(store, "R" + n, TransactionType.RETURN, at, line(sku, -1, d));
                    } else if (roll < 90 && fold.pending(store, sku) > 0) {
                        fold.apply(store, sku, 1, -1);
                        event = adjustment(store, "A" + n, AdjustmentReason.RETURN_RESTOCKED, sku, 1, at);
                    } else {
                        int q = random.nextInt(4) == 0 ? -1 : 5 + random.nextInt(10);
                        fold.apply(store, sku, q, 0);
                        event = adjustment(store, "A" + n, q < 0 ? AdjustmentReason.SHRINKAGE : AdjustmentReason.RECEIVED,
                                sku, q, at);
                    }
                    boolean isTransaction = event instanceof PosTransaction;
                    String topic = isTransaction ? Topics.POS_TRANSACTIONS.name() : Topics.STOCK_ADJUSTMENTS.name();
                    byte[] value = (isTransaction ? transactions : adjustments).serialize(topic, event);
                    record = new ProducerRecord<>(topic, store, value);
                    sent.add(record);
                }
                producer.send(record);
                if (n % 200 == 199) {
                    sleep(100); // ~2,000 events/s: the stream is still flowing while the kills land
                }
            }
            producer.flush();
            done.set(true);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** How far the projector got: its committed offsets on the two input topics. */
    private static long committedInputOffsets(Admin admin) throws Exception {
        Set<String> inputs = Set.of(Topics.POS_TRANSACTIONS.name(), Topics.STOCK_ADJUSTMENTS.name());
        return admin.listConsumerGroupOffsets(StockProjector.APPLICATION_ID).partitionsToOffsetAndMetadata().get()
                .entrySet().stream()
                .filter(e -> inputs.contains(e.getKey().topic()) && e.getValue() != null)
                .mapToLong(e -> e.getValue().offset()).sum();
    }

    private static TransactionLine line(String sku, int quantity, ReturnDisposition disposition) {
        return TransactionLine.newBuilder().setSku(sku).setQuantity(quantity).setUnitPrice(PRICE)
                .setDiscount(BigDecimal.ZERO.setScale(4)).setTax(BigDecimal.ZERO.setScale(4))
                .setReturnDisposition(disposition).build();
    }

    private static PosTransaction transaction(String store, String id, TransactionType type, Instant at,
                                              TransactionLine line) {
        return PosTransaction.newBuilder().setTransactionId(store + "-" + id).setStoreId(store).setTillId("T1")
                .setType(type).setOccurredAt(at).setReceivedAt(at).setBusinessDate(LocalDate.of(2026, 11, 26))
                .setCurrency("GBP").setLines(List.of(line))
                .setTenders(List.of(new Tender("CARD", PRICE.multiply(BigDecimal.valueOf(line.getQuantity())), null)))
                .build();
    }

    private static StockAdjustment adjustment(String store, String id, AdjustmentReason reason, String sku, int q,
                                              Instant at) {
        return StockAdjustment.newBuilder().setAdjustmentId(store + "-" + id).setStoreId(store).setOccurredAt(at)
                .setReceivedAt(at).setReason(reason).setLines(List.of(new AdjustmentLine(sku, q))).build();
    }

    private Projector startProjector(String bootstrap, String registryUrl) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        File log = stateDir.resolve("projector.log").toFile();
        int port = freePort();
        ProcessBuilder builder = new ProcessBuilder(java, "-Xmx384m", "-Dorg.apache.avro.SERIALIZABLE_PACKAGES=io.tillstream.schemas",
                "-cp", System.getProperty("java.class.path"), StockProjector.class.getName(),
                bootstrap, registryUrl, stateDir.resolve("state").toString(), Integer.toString(port))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log));
        // This test is about crashes, not tokens: the stock API in its public mode (StockProjectorIT covers tokens).
        builder.environment().put(StockProjector.STOCK_PUBLIC_ENV, "true");
        Process process = builder.start();
        return new Projector(process, URI.create("http://127.0.0.1:" + port + "/v1/stock/" + "SKU-0"), System.nanoTime());
    }

    /** A projector JVM, the stock URL of one SKU on it, and when it was started. */
    private record Projector(Process process, URI stock, long startedAt) {

        /**
         * Waits until the stock API answers (200, or 404 before the SKU was ever seen: either means every
         * partition is served), and returns how long after the start that was.
         */
        Duration awaitAnswer(Duration patience) throws InterruptedException {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
            int last = 0;
            while (System.nanoTime() - startedAt < patience.toNanos()) {
                assertThat(process.isAlive()).as("the projector JVM is running").isTrue();
                try {
                    last = http.send(HttpRequest.newBuilder(stock).timeout(Duration.ofSeconds(2)).GET().build(),
                            HttpResponse.BodyHandlers.discarding()).statusCode();
                    if (last == 200 || last == 404) {
                        return Duration.ofNanos(System.nanoTime() - startedAt);
                    }
                } catch (IOException notListeningYet) {
                    last = 0;
                }
                Thread.sleep(250);
            }
            throw new AssertionError("The stock API did not answer within " + patience + " of the projector's start"
                    + " (last status " + (last == 0 ? "none: not listening" : last) + "); see projector.log");
        }
    }

    /** Reads the outputs (read_committed) until the levels match the fold or time runs out. */
    private static Result awaitResult(String bootstrap, String registryUrl, Fold fold, Duration patience) {
        SchemaRegistryClient registry = new SchemaRegistryClient(registryUrl);
        var levels = new ConfluentAvroDeserializer<StockLevel>(registry, StockLevel.getClassSchema());
        var changes = new ConfluentAvroDeserializer<StockChange>(registry, StockChange.getClassSchema());
        Map<String, List<Integer>> latest = new HashMap<>();
        Map<String, List<Long>> sequences = new HashMap<>();
        Map<String, Integer> sums = new HashMap<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "crash-it-" + System.nanoTime(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000), new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.STOCK_LEVELS.name(), Topics.STOCK_CHANGES.name()));
            long deadline = System.nanoTime() + patience.toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    if (!r.key().startsWith(STORE_PREFIX)) {
                        continue;
                    }
                    if (r.topic().equals(Topics.STOCK_LEVELS.name())) {
                        StockLevel l = levels.deserialize(r.topic(), r.value());
                        latest.put(r.key(), List.of(l.getOnHand(), l.getPendingInspection()));
                    } else {
                        StockChange c = changes.deserialize(r.topic(), r.value());
                        sequences.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(c.getSequence());
                        sums.merge(r.key(), c.getDelta(), Integer::sum);
                    }
                }
                // Levels and changes are separate topics: wait until both have caught up.
                if (latest.equals(fold.levels()) && latest.entrySet().stream()
                        .allMatch(e -> e.getValue().get(0).equals(sums.getOrDefault(e.getKey(), 0)))) {
                    break;
                }
            }
        }
        return new Result(latest, sequences, sums);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
