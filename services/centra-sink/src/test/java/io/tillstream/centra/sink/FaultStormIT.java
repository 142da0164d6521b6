package io.tillstream.centra.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tillstream.centra.simulator.CentraSimulator;
import io.tillstream.centra.simulator.MutationLogEntry;
import io.tillstream.centra.simulator.SimulatorConfig;
import io.tillstream.centra.simulator.StockRow;
import io.tillstream.centra.sink.config.CentraSinkConfig;
import io.tillstream.centra.sink.metrics.PrometheusRestExtension;
import io.tillstream.registry.client.SchemaRegistryClient;
import io.tillstream.registry.serde.ConfluentAvroDeserializer;
import io.tillstream.registry.serde.ConfluentAvroSerializer;
import io.tillstream.registry.server.EmbeddedSchemaRegistry;
import io.tillstream.schemas.StockChange;
import io.tillstream.schemas.SyncReceipt;
import io.tillstream.schemas.SyncStatus;
import io.tillstream.testkit.KafkaCluster;
import io.tillstream.testkit.KafkaExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.connect.cli.ConnectStandalone;
import org.apache.kafka.connect.runtime.Connect;
import org.apache.kafka.connect.runtime.Herder;
import org.apache.kafka.connect.runtime.errors.DeadLetterQueueReporter;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorInfo;
import org.apache.kafka.connect.runtime.standalone.StandaloneHerder;
import org.apache.kafka.connect.util.FutureCallback;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sink in Kafka's own Connect worker, on the real broker, against the Centra simulator over
 * HTTP, while stock changes keep coming and Centra misbehaves in every way the sink must survive:
 * <ol>
 *   <li>30 s of HTTP 500 on every request (mutations and read-backs): each 5xx puts the mutation in
 *       doubt, a read-back follows after a back-off and fails too, and so on, while changes keep
 *       piling up behind it;</li>
 *   <li>a 429 storm (every request refused for 5 s, each with its Retry-After);</li>
 *   <li>timeouts after Centra applied the change (three answers withheld);</li>
 *   <li>6 s of GraphQL error answers: HTTP 200 with {@code "data": null}, nothing applied;</li>
 *   <li>the worker stopped while a mutation's answer is outstanding (applied, unanswered), then a
 *       new worker started while the schema registry is down for 30 s: the task that takes over
 *       waits for the registry, then recovers from the receipt journal.</li>
 * </ol>
 * At the end Centra's physical stock equals the opening stock plus the sum of all deltas for every
 * key, each mutation the sink made is in Centra's log exactly once, and no 10 s (or 1 h) window of
 * Centra's log holds more of the sink's mutations than its share, across the restart. A size
 * Centra does not know goes to the DLQ with a FAILED receipt and reaches Centra once it is added.
 */
@ExtendWith(KafkaExtension.class)
class FaultStormIT {

    private static final String TOKEN = "storm-token";
    private static final String CONNECTOR = "centra-storm-sink";
    private static final List<String> SKUS = List.of("TEE-XS", "TEE-S", "TEE-M", "TEE-L", "TEE-XL");
    private static final Map<String, Integer> WAREHOUSES = Map.of("S001", 1, "S002", 2);
    private static final int OPENING = 200;
    private static final String GHOST = "TEE-XXL";
    private static final double SHARE = 0.5; // of Growth's 20 per 10 s: 10 per 10 s, 900 per hour
    private static final int SHARE_PER_10S = 10;
    private static final int SHARE_PER_HOUR = 900;

    @TempDir
    Path dir;

    private String bootstrap;
    private String suffix;
    private EmbeddedSchemaRegistry registry;
    private CentraSimulator centra;
    private KafkaProducer<String, StockChange> producer;
    private final Map<String, Integer> expected = new ConcurrentHashMap<>();
    private final Map<String, Long> sequences = new ConcurrentHashMap<>();
    private final Map<String, List<String>> produced = new ConcurrentHashMap<>();
    private final Random random = new Random(7);

    @BeforeEach
    void setUp(KafkaCluster kafka) throws Exception {
        bootstrap = kafka.bootstrapServers();
        suffix = Long.toString(System.nanoTime());
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic(changesTopic(), 3, (short) 1),
                    new NewTopic(receiptsTopic(), 3, (short) 1).configs(Map.of("cleanup.policy", "compact")),
                    new NewTopic(dlqTopic(), 1, (short) 1))).all().get();
        }
        registry = EmbeddedSchemaRegistry.start(bootstrap, 0);
        centra = CentraSimulator.start(SimulatorConfig.defaults().withPort(0).withApiTokens(Set.of(TOKEN))
                .withTimeoutHold(Duration.ofSeconds(2)));
        String stock = WAREHOUSES.values().stream().flatMap(w -> SKUS.stream().map(sku ->
                "{\"warehouseId\":" + w + ",\"sku\":\"" + sku + "\",\"physical\":" + OPENING + "}"))
                .collect(Collectors.joining(","));
        centra.applyCatalog("{\"warehouses\":[{\"id\":1,\"name\":\"Store S001\"},{\"id\":2,\"name\":\"Store S002\"}],"
                + "\"products\":[{\"productNumber\":\"TEE\",\"name\":\"Tee\",\"variants\":[{\"variantNumber\":\"BLK\","
                + "\"name\":\"Black\",\"sizes\":[" + SKUS.stream().map(s -> "{\"name\":\"" + s + "\",\"sku\":\"" + s + "\"}")
                .collect(Collectors.joining(",")) + "]}]}],\"stock\":[" + stock + "]}");
        WAREHOUSES.keySet().forEach(l -> SKUS.forEach(s -> expected.put(l + "|" + s, OPENING)));
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(),
                new ConfluentAvroSerializer<>(new SchemaRegistryClient(registry.url().toString()),
                        StockChange.getClassSchema()));
    }

    @AfterEach
    void tearDown() {
        producer.close();
        centra.close();
        registry.close();
    }

    @Test
    void shouldApplyEveryChangeExactlyOnceWithinTheBudgetThroughFaultsAndARestart() throws Exception {
        ScheduledExecutorService traffic = Executors.newSingleThreadScheduledExecutor();
        Connect<StandaloneHerder> worker = startWorker();
        String killed;
        try {
            // A size the store sells but Centra does not know yet: refused, then absorbed while parked.
            send("S001", GHOST, -1, 19);
            send("S001", GHOST, -2, 17);
            traffic.scheduleAtFixedRate(this::sellOrRestock, 0, 50, TimeUnit.MILLISECONDS);

            Thread.sleep(3_000);
            // 15 s of 500s at a change every 50 ms: a backlog of hundreds builds up behind them
            fault("{\"mode\":\"HTTP_500\",\"durationMs\":15000}");
            Thread.sleep(16_000);
            fault("{\"mode\":\"HTTP_429\",\"durationMs\":5000}");
            Thread.sleep(6_000);
            fault("{\"mode\":\"TIMEOUT\",\"count\":3}");
            Thread.sleep(5_000);
            // HTTP 200 whose body says nothing ran ("data": null): never a confirmation.
            fault("{\"mode\":\"GRAPHQL_ERROR\",\"durationMs\":6000}");
            Thread.sleep(7_000);
            centra.applyCatalog("{\"products\":[{\"productNumber\":\"TEE\",\"variants\":[{\"variantNumber\":\"BLK\","
                    + "\"sizes\":[{\"name\":\"" + GHOST + "\",\"sku\":\"" + GHOST + "\"}]}]}]}");

            assertThat(scrape(worker)).as("the task's metrics, from the worker's JMX, on its REST port")
                    .contains("kafka_connect_plugins_mutations_budget_10s{connector=\"" + CONNECTOR + "\",task=\"0\"} "
                            + (double) SHARE_PER_10S)
                    .contains("kafka_connect_plugins_freshness_p99_ms{connector=\"" + CONNECTOR + "\",task=\"0\",warehouse=\"2\"}");

            // Kill mid-batch: stop the worker while Centra holds an applied mutation's answer. The
            // schema registry goes down with it and stays down for 30 s of sales after the new
            // worker starts: its converter has no schema cached and the task cannot read its receipt
            // journal, so both must wait for the registry, never skip a change to the DLQ.
            killed = withholdTheAnswerToAMutation();
            int registryPort = registry.url().getPort();
            registry.close();
            worker.stop();
            worker.awaitStop();
            worker = startWorker();
            Thread.sleep(30_000);
            registry = EmbeddedSchemaRegistry.start(bootstrap, registryPort);
            Thread.sleep(4_000);
        } finally {
            // No interrupt: a change counted in the expected stock must also reach the topic.
            traffic.shutdown();
            traffic.awaitTermination(5, TimeUnit.SECONDS);
            producer.flush();
        }
        try {
            try {
                await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(500))
                        .until(() -> centraPhysical().equals(expectedPhysical()));
            } catch (ConditionTimeoutException e) {
                assertThat(centraPhysical()).as(diagnosis()).isEqualTo(expectedPhysical());
            }
        } finally {
            worker.stop();
            worker.awaitStop();
        }

        List<MutationLogEntry> log = sinkMutations();
        assertThat(log).as("every mutation the sink made, applied once").extracting(MutationLogEntry::description)
                .doesNotHaveDuplicates();
        Map<String, Integer> applied = new HashMap<>();
        log.forEach(m -> m.deltas().forEach(d -> applied.merge(location(d.warehouseId()) + "|" + d.sku(), d.delta(),
                Integer::sum)));
        expected.forEach((key, physical) -> assertThat(applied.getOrDefault(key, 0)).as(key)
                .isEqualTo(key.endsWith(GHOST) ? 17 : physical - OPENING));
        assertThat(sequences.values().stream().mapToLong(Long::longValue).sum()).as("changes produced")
                .isGreaterThan(400);

        List<Instant> at = log.stream().map(MutationLogEntry::appliedAt).sorted().toList();
        assertThat(maxInWindow(at, Duration.ofSeconds(10))).as("mutations in any 10 s, by Centra's clock")
                .isLessThanOrEqualTo(SHARE_PER_10S);
        assertThat(maxInWindow(at, Duration.ofHours(1))).isLessThanOrEqualTo(SHARE_PER_HOUR);

        assertThat(log).filteredOn(m -> m.description().equals(killed)).as("the mutation in doubt at the kill").hasSize(1);
        assertThat(receiptsOf(killed)).as("resolved by the successor's read-back").contains(SyncStatus.PENDING)
                .last().isEqualTo(SyncStatus.CONFIRMED);

        assertThat(dlqReasons()).as("the unknown size went to the DLQ with the reason, and nothing else did")
                .isNotEmpty()
                .allMatch(r -> r.startsWith("[SIZE_REFUSED]") && r.contains(GHOST));
        assertThat(receipts(GHOST)).extracting(SyncReceipt::getStatus).contains(SyncStatus.FAILED)
                .last().isEqualTo(SyncStatus.CONFIRMED);
    }

    private void sellOrRestock() {
        List<String> keys = new ArrayList<>(expected.keySet().stream().filter(k -> !k.endsWith(GHOST)).sorted().toList());
        String key = keys.get(random.nextInt(keys.size()));
        int delta = random.nextInt(10) < 7 ? -1 - random.nextInt(3) : 1 + random.nextInt(2);
        int after = expected.merge(key, delta, Integer::sum);
        String[] parts = key.split("\\|");
        send(parts[0], parts[1], delta, after);
    }

    private void send(String location, String sku, int delta, int onHandAfter) {
        String key = location + "|" + sku;
        long sequence = sequences.merge(key, 1L, Long::sum);
        produced.computeIfAbsent(key, k -> new java.util.concurrent.CopyOnWriteArrayList<>()).add(sequence + ":" + delta);
        expected.putIfAbsent(key, onHandAfter);
        if (sku.equals(GHOST)) {
            expected.put(key, onHandAfter);
        }
        StockChange change = StockChange.newBuilder().setLocationId(location).setSku(sku).setSequence(sequence)
                .setDelta(delta).setOnHandAfter(onHandAfter).setReason(delta < 0 ? "SALE" : "RETURN")
                .setCauseEventIds(List.of("storm-" + key + "-" + sequence)).setOccurredAt(Instant.now()).build();
        producer.send(new ProducerRecord<>(changesTopic(), key, change));
    }

    /**
     * The first mutation to arrive after a TIMEOUT fault is set gets it (reads pass): Centra applies it
     * and withholds the answer, and the simulator names it (requests already in flight when the fault was
     * set land around it, so "the newest mutation" could be another).
     *
     * @return the description of the mutation whose answer is withheld
     */
    private String withholdTheAnswerToAMutation() throws Exception {
        fault("{\"mode\":\"TIMEOUT\",\"count\":1}");
        // The sink may be waiting for its budget (a window is 11 s) or for a Retry-After.
        await().atMost(Duration.ofSeconds(25)).pollInterval(Duration.ofMillis(10)).until(() -> !withheld().isEmpty());
        String description = withheld().get(withheld().size() - 1);
        assertThat(sinkMutations()).extracting(MutationLogEntry::description).as("the mutation that took the fault")
                .contains(description);
        return description;
    }

    private List<String> withheld() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(centra.url() + "/_sim/faults")).GET().build(), HttpResponse.BodyHandlers.ofString());
        List<String> descriptions = new java.util.ArrayList<>();
        new ObjectMapper().readTree(response.body()).path("withheld").forEach(d -> descriptions.add(d.asText()));
        return descriptions;
    }

    private Connect<StandaloneHerder> startWorker() throws Exception {
        Map<String, String> props = ConnectWorkerProps.common(bootstrap, registry.url().toString());
        props.put("offset.storage.file.filename", dir.resolve("offsets").toString());
        props.put("consumer.max.poll.interval.ms", "20000");
        props.put("rest.extension.classes", PrometheusRestExtension.class.getName());
        Connect<StandaloneHerder> connect = new ConnectStandalone().startConnect(props);
        Map<String, String> config = new HashMap<>();
        config.put("name", CONNECTOR);
        config.put("connector.class", CentraStockSinkConnector.class.getName());
        config.put("tasks.max", "1");
        config.put("topics", changesTopic());
        config.put(CentraSinkConfig.URL_CONFIG, centra.url().toString());
        config.put(CentraSinkConfig.TOKEN_CONFIG, TOKEN);
        config.put(CentraSinkConfig.WAREHOUSES_CONFIG, "S001:1,S002:2");
        config.put(CentraSinkConfig.TIER_CONFIG, "GROWTH");
        config.put(CentraSinkConfig.SHARE_CONFIG, Double.toString(SHARE));
        config.put(CentraSinkConfig.TIMEOUT_CONFIG, "1000");
        config.put(CentraSinkConfig.RECEIPTS_BOOTSTRAP_CONFIG, bootstrap);
        config.put(CentraSinkConfig.RECEIPTS_REGISTRY_CONFIG, registry.url().toString());
        config.put(CentraSinkConfig.RECEIPTS_TOPIC_CONFIG, receiptsTopic());
        config.put("errors.tolerance", "all");
        // A registry or broker that cannot answer is waited for (retried without end, backing off to
        // 10 s), never a reason to set a valid change aside in the DLQ; the connector refuses less.
        config.put("errors.retry.timeout", "-1");
        config.put("errors.retry.delay.max.ms", "10000");
        config.put("errors.deadletterqueue.topic.name", dlqTopic());
        config.put("errors.deadletterqueue.topic.replication.factor", "1");
        config.put("errors.deadletterqueue.context.headers.enable", "true");
        FutureCallback<Herder.Created<ConnectorInfo>> created = new FutureCallback<>();
        connect.herder().putConnectorConfig(CONNECTOR, config, true, created);
        created.get(30, TimeUnit.SECONDS);
        return connect;
    }

    private Map<String, Integer> centraPhysical() {
        Map<String, Integer> physical = new HashMap<>();
        WAREHOUSES.forEach((location, warehouse) -> centra.stock(warehouse).forEach(
                (StockRow r) -> physical.put(location + "|" + r.sku(), r.physical())));
        return physical;
    }

    /** On a mismatch: what was produced and what Centra applied, per key that differs. */
    private String diagnosis() {
        Map<String, Integer> physical = centraPhysical();
        StringBuilder out = new StringBuilder();
        expected.forEach((key, value) -> {
            if (!value.equals(physical.get(key))) {
                out.append(key).append(": produced ").append(produced.get(key)).append("\n  applied ");
                Map<String, List<String>> receipts = new HashMap<>();
                receipts(key.substring(key.indexOf('|') + 1)).stream()
                        .filter(r -> (r.getLocationId() + "|" + r.getSku()).equals(key))
                        .forEach(r -> receipts.computeIfAbsent(r.getMutationId(), id -> new ArrayList<>())
                                .add(r.getStatus() + "#" + r.getConfirmedSequence() + "@" + r.getAt()));
                sinkMutations().forEach(m -> m.deltas().stream()
                        .filter(d -> (location(d.warehouseId()) + "|" + d.sku()).equals(key))
                        .forEach(d -> out.append(m.description(), 11, 19).append(':').append(d.delta()).append(' ')
                                .append(m.appliedAt()).append(' ').append(receipts.get(m.description())).append("\n  ")));
                out.append("receipts ").append(receipts);
                out.append('\n');
            }
        });
        out.append("DLQ: ").append(consume(dlqTopic(), r -> {
            Header reason = r.headers().lastHeader(DeadLetterQueueReporter.ERROR_HEADER_EXCEPTION_MESSAGE);
            Header stage = r.headers().lastHeader(DeadLetterQueueReporter.ERROR_HEADER_STAGE);
            Header offset = r.headers().lastHeader(DeadLetterQueueReporter.ERROR_HEADER_ORIG_OFFSET);
            return r.key() + "@" + (offset == null ? "?" : new String(offset.value(), StandardCharsets.UTF_8)) + " "
                    + (stage == null ? "" : new String(stage.value(), StandardCharsets.UTF_8)) + ": "
                    + (reason == null ? "" : new String(reason.value(), StandardCharsets.UTF_8));
        }));
        return out.toString();
    }

    private Map<String, Integer> expectedPhysical() {
        return Map.copyOf(expected);
    }

    private List<MutationLogEntry> sinkMutations() {
        return centra.mutations().stream().filter(m -> m.description().startsWith("tillstream:")).toList();
    }

    private static String location(int warehouseId) {
        return WAREHOUSES.entrySet().stream().filter(e -> e.getValue() == warehouseId).findFirst().orElseThrow()
                .getKey();
    }

    private static int maxInWindow(List<Instant> sorted, Duration window) {
        int max = 0;
        for (int start = 0, end = 0; start < sorted.size(); start++) {
            while (end < sorted.size() && sorted.get(end).isBefore(sorted.get(start).plus(window))) {
                end++;
            }
            max = Math.max(max, end - start);
        }
        return max;
    }

    private static String scrape(Connect<StandaloneHerder> worker) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                worker.rest().serverUrl().resolve("/metrics")).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    private List<String> dlqReasons() {
        return consume(dlqTopic(), r -> {
            Header reason = r.headers().lastHeader(DeadLetterQueueReporter.ERROR_HEADER_EXCEPTION_MESSAGE);
            return reason == null ? "" : new String(reason.value(), StandardCharsets.UTF_8);
        });
    }

    private List<SyncReceipt> receipts(String sku) {
        var deserializer = new ConfluentAvroDeserializer<SyncReceipt>(
                new SchemaRegistryClient(registry.url().toString()), SyncReceipt.getClassSchema());
        return consume(receiptsTopic(), r -> deserializer.deserialize(receiptsTopic(), r.value())).stream()
                .filter(r -> r.getSku().equals(sku)).sorted((a, b) -> a.getAt().compareTo(b.getAt())).toList();
    }

    private List<SyncStatus> receiptsOf(String mutationId) {
        var deserializer = new ConfluentAvroDeserializer<SyncReceipt>(
                new SchemaRegistryClient(registry.url().toString()), SyncReceipt.getClassSchema());
        return consume(receiptsTopic(), r -> deserializer.deserialize(receiptsTopic(), r.value())).stream()
                .filter(r -> r.getMutationId().equals(mutationId)).sorted((a, b) -> a.getAt().compareTo(b.getAt()))
                .map(SyncReceipt::getStatus).toList();
    }

    private <T> List<T> consume(String topic, Function<ConsumerRecord<String, byte[]>, T> read) {
        List<T> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ConsumerConfig.GROUP_ID_CONFIG, "check-" + System.nanoTime(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false, ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.currentTimeMillis() + 10_000;
            int empty = 0;
            while (System.currentTimeMillis() < deadline && empty < 3) {
                var records = consumer.poll(Duration.ofMillis(500));
                empty = records.isEmpty() ? empty + 1 : 0;
                records.forEach(r -> out.add(read.apply(r)));
            }
        }
        return out;
    }

    private void fault(String json) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(centra.url() + "/_sim/faults")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isLessThan(300);
    }

    private String changesTopic() {
        return "storm-changes-" + suffix;
    }

    private String receiptsTopic() {
        return "storm-receipts-" + suffix;
    }

    private String dlqTopic() {
        return "storm-dlq-" + suffix;
    }
}
