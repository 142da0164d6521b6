package io.tillstream.centra.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tillstream.centra.simulator.CentraSimulator;
import io.tillstream.centra.simulator.MutationLogEntry;
import io.tillstream.centra.simulator.SimulatorConfig;
import io.tillstream.centra.simulator.StockRow;
import io.tillstream.centra.sink.config.CentraSinkConfig;
import io.tillstream.registry.client.SchemaRegistryClient;
import io.tillstream.registry.serde.ConfluentAvroSerializer;
import io.tillstream.registry.server.EmbeddedSchemaRegistry;
import io.tillstream.schemas.StockChange;
import io.tillstream.testkit.KafkaCluster;
import io.tillstream.testkit.KafkaExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.connect.cli.ConnectDistributed;
import org.apache.kafka.connect.runtime.Connect;
import org.apache.kafka.connect.runtime.distributed.DistributedHerder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The sink as several tasks on two distributed Connect workers, partitions moving between them
 * while stores sell and Centra misbehaves: the second worker joins (the tasks spread over both),
 * Centra answers nothing for a few mutations (applied, unanswered: in doubt at the moment their
 * partitions move) and fails with 500s, the second worker stops (its task and partitions move to
 * the first) and starts again. Every change must reach Centra exactly once: Centra's stock equals
 * the opening plus every delta produced, and no mutation of the sink is in Centra's log twice.
 */
@ExtendWith(KafkaExtension.class)
class PartitionHandOverIT {

    private static final String TOKEN = "handover-token";
    private static final String CONNECTOR = "centra-handover-sink";
    private static final int OPENING = 500;
    private static final int SKUS = 12;
    private static final Map<String, Integer> WAREHOUSES = Map.of("S001", 1, "S002", 2, "S003", 3);

    private String bootstrap;
    private String suffix;
    private EmbeddedSchemaRegistry registry;
    private CentraSimulator centra;
    private KafkaProducer<String, StockChange> producer;
    private final Map<String, Integer> expected = new ConcurrentHashMap<>();
    private final Map<String, Long> sequences = new ConcurrentHashMap<>();
    private final Random random = new Random(11);
    private final List<Connect<DistributedHerder>> workers = new ArrayList<>();

    @BeforeEach
    void setUp(KafkaCluster kafka) throws Exception {
        bootstrap = kafka.bootstrapServers();
        suffix = Long.toString(System.nanoTime());
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic(topic("changes"), 6, (short) 1),
                    new NewTopic(topic("receipts"), 3, (short) 1).configs(Map.of("cleanup.policy", "compact")),
                    new NewTopic(topic("dlq"), 1, (short) 1))).all().get();
        }
        registry = EmbeddedSchemaRegistry.start(bootstrap, 0);
        centra = CentraSimulator.start(SimulatorConfig.defaults().withPort(0).withApiTokens(Set.of(TOKEN))
                .withTimeoutHold(Duration.ofSeconds(2)));
        List<String> skus = skus();
        centra.applyCatalog("{\"warehouses\":[" + WAREHOUSES.values().stream().sorted()
                .map(w -> "{\"id\":" + w + ",\"name\":\"Store " + w + "\"}").collect(Collectors.joining(","))
                + "],\"products\":[{\"productNumber\":\"TEE\",\"name\":\"Tee\",\"variants\":[{\"variantNumber\":\"BLK\","
                + "\"name\":\"Black\",\"sizes\":[" + skus.stream().map(s -> "{\"name\":\"" + s + "\",\"sku\":\"" + s + "\"}")
                .collect(Collectors.joining(",")) + "]}]}],\"stock\":[" + WAREHOUSES.values().stream()
                .flatMap(w -> skus.stream().map(s -> "{\"warehouseId\":" + w + ",\"sku\":\"" + s + "\",\"physical\":"
                        + OPENING + "}")).collect(Collectors.joining(",")) + "]}");
        WAREHOUSES.keySet().forEach(l -> skus.forEach(s -> expected.put(l + "|" + s, OPENING)));
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(),
                new ConfluentAvroSerializer<>(new SchemaRegistryClient(registry.url().toString()),
                        StockChange.getClassSchema()));
    }

    @AfterEach
    void tearDown() {
        workers.forEach(w -> {
            w.stop();
            w.awaitStop();
        });
        producer.close();
        centra.close();
        registry.close();
    }

    @Test
    void shouldApplyEveryChangeOnceWhilePartitionsMoveBetweenTasksOnTwoWorkers() throws Exception {
        ScheduledExecutorService traffic = Executors.newSingleThreadScheduledExecutor();
        Connect<DistributedHerder> first = startWorker();
        createConnector(first, 2);
        try {
            traffic.scheduleAtFixedRate(this::sell, 0, 40, TimeUnit.MILLISECONDS);
            awaitTasksRunning(first, 2);
            Thread.sleep(3_000);

            Connect<DistributedHerder> second = startWorker(); // the tasks spread over both workers
            fault("{\"mode\":\"TIMEOUT\",\"count\":2}");      // in doubt while partitions move
            awaitTasksOn(first, 2, 2);
            Thread.sleep(4_000);

            fault("{\"mode\":\"HTTP_500\",\"durationMs\":5000}");
            Thread.sleep(2_000);
            fault("{\"mode\":\"TIMEOUT\",\"count\":1}");
            stop(second);                                      // its task and partitions move to the first
            awaitTasksOn(first, 2, 1);
            Thread.sleep(4_000);

            startWorker();                                     // and spread again
            awaitTasksOn(first, 2, 2);
            Thread.sleep(4_000);
        } finally {
            traffic.shutdown();
            traffic.awaitTermination(5, TimeUnit.SECONDS);
            producer.flush();
        }
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                .until(() -> centraPhysical().equals(Map.copyOf(expected)));

        List<MutationLogEntry> log = centra.mutations().stream().filter(m -> m.description().startsWith("tillstream:"))
                .toList();
        assertThat(log).extracting(MutationLogEntry::description).as("no mutation applied twice").doesNotHaveDuplicates();
        Map<String, Integer> applied = new HashMap<>();
        log.forEach(m -> m.deltas().forEach(d -> applied.merge(location(d.warehouseId()) + "|" + d.sku(), d.delta(),
                Integer::sum)));
        expected.forEach((key, physical) -> assertThat(applied.getOrDefault(key, 0)).as(key)
                .isEqualTo(physical - OPENING));
        assertThat(sequences.values().stream().mapToLong(Long::longValue).sum()).as("changes produced")
                .isGreaterThan(300);
    }

    private void sell() {
        List<String> keys = expected.keySet().stream().sorted().toList();
        String key = keys.get(random.nextInt(keys.size()));
        int delta = random.nextInt(10) < 7 ? -1 - random.nextInt(2) : 1 + random.nextInt(2);
        int after = expected.merge(key, delta, Integer::sum);
        long sequence = sequences.merge(key, 1L, Long::sum);
        String[] parts = key.split("\\|");
        producer.send(new ProducerRecord<>(topic("changes"), key, StockChange.newBuilder().setLocationId(parts[0])
                .setSku(parts[1]).setSequence(sequence).setDelta(delta).setOnHandAfter(after)
                .setReason(delta < 0 ? "SALE" : "RETURN").setCauseEventIds(List.of("e-" + key + "-" + sequence))
                .setOccurredAt(Instant.now()).build()));
    }

    private Connect<DistributedHerder> startWorker() {
        Map<String, String> props = ConnectWorkerProps.common(bootstrap, registry.url().toString());
        props.put("group.id", "handover-" + suffix);
        props.put("config.storage.topic", topic("connect-configs"));
        props.put("offset.storage.topic", topic("connect-offsets"));
        props.put("status.storage.topic", topic("connect-status"));
        props.put("config.storage.replication.factor", "1");
        props.put("offset.storage.replication.factor", "1");
        props.put("status.storage.replication.factor", "1");
        // A stopped worker's tasks go to the others after 2 s, not the default 5 min.
        props.put("scheduled.rebalance.max.delay.ms", "2000");
        Connect<DistributedHerder> worker = new ConnectDistributed().startConnect(props);
        workers.add(worker);
        return worker;
    }

    private void stop(Connect<DistributedHerder> worker) {
        worker.stop();
        worker.awaitStop();
        workers.remove(worker);
    }

    private void createConnector(Connect<DistributedHerder> worker, int tasks) throws Exception {
        Map<String, String> config = new HashMap<>();
        config.put("connector.class", CentraStockSinkConnector.class.getName());
        config.put("tasks.max", Integer.toString(tasks));
        config.put("topics", topic("changes"));
        config.put(CentraSinkConfig.URL_CONFIG, centra.url().toString());
        config.put(CentraSinkConfig.TOKEN_CONFIG, TOKEN);
        config.put(CentraSinkConfig.WAREHOUSES_CONFIG, "S001:1,S002:2,S003:3");
        config.put(CentraSinkConfig.TIER_CONFIG, "GROWTH");
        config.put(CentraSinkConfig.SHARE_CONFIG, "1.0");
        config.put(CentraSinkConfig.TIMEOUT_CONFIG, "1000");
        config.put(CentraSinkConfig.RECEIPTS_BOOTSTRAP_CONFIG, bootstrap);
        config.put(CentraSinkConfig.RECEIPTS_REGISTRY_CONFIG, registry.url().toString());
        config.put(CentraSinkConfig.RECEIPTS_TOPIC_CONFIG, topic("receipts"));
        config.put("errors.tolerance", "all");
        config.put("errors.retry.timeout", "-1");
        config.put("errors.retry.delay.max.ms", "2000");
        config.put("errors.deadletterqueue.topic.name", topic("dlq"));
        config.put("errors.deadletterqueue.topic.replication.factor", "1");
        String json = new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(config);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                assertThat(http("PUT", worker.rest().serverUrl() + "connectors/" + CONNECTOR + "/config", json)
                        .statusCode()).as("connector created").isBetween(200, 201));
    }

    /** Waits until the connector has {@code tasks} RUNNING tasks on {@code workers} distinct workers. */
    private void awaitTasksOn(Connect<DistributedHerder> any, int tasks, int workerCount) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            var status = new com.fasterxml.jackson.databind.ObjectMapper().readTree(http("GET",
                    workers.get(0).rest().serverUrl() + "connectors/" + CONNECTOR + "/status", null).body());
            List<String> running = new ArrayList<>();
            Set<String> on = new java.util.HashSet<>();
            status.path("tasks").forEach(t -> {
                if ("RUNNING".equals(t.path("state").asText())) {
                    running.add(t.path("id").asText());
                    on.add(t.path("worker_id").asText());
                }
            });
            assertThat(running).hasSize(tasks);
            assertThat(on).hasSize(workerCount);
        });
    }

    private void awaitTasksRunning(Connect<DistributedHerder> worker, int tasks) {
        awaitTasksOn(worker, tasks, 1);
    }

    private HttpResponse<String> http(String method, String url, String body) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private void fault(String json) throws Exception {
        assertThat(http("POST", centra.url() + "/_sim/faults", json).statusCode()).isLessThan(300);
    }

    private Map<String, Integer> centraPhysical() {
        Map<String, Integer> physical = new HashMap<>();
        WAREHOUSES.forEach((location, warehouse) -> centra.stock(warehouse).forEach(
                (StockRow r) -> physical.put(location + "|" + r.sku(), r.physical())));
        return physical;
    }

    private static String location(int warehouseId) {
        return WAREHOUSES.entrySet().stream().filter(e -> e.getValue() == warehouseId).findFirst().orElseThrow()
                .getKey();
    }

    private static List<String> skus() {
        List<String> skus = new ArrayList<>();
        for (int i = 0; i < SKUS; i++) {
            skus.add("TEE-" + i);
        }
        return skus;
    }

    private String topic(String name) {
        return "handover-" + name + "-" + suffix;
    }
}
