package io.tillstream.centra.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tillstream.centra.client.GraphQlCentraClient;
import io.tillstream.centra.simulator.CentraSimulator;
import io.tillstream.centra.sink.config.CentraSinkConfig;
import io.tillstream.domain.exceptions.RetailOpsRules;
import io.tillstream.registry.client.SchemaRegistryClient;
import io.tillstream.registry.serde.ConfluentAvroSerializer;
import io.tillstream.registry.server.EmbeddedSchemaRegistry;
import io.tillstream.schemas.ReconciliationException;
import io.tillstream.schemas.Topics;
import io.tillstream.testkit.KafkaCluster;
import io.tillstream.testkit.KafkaExtension;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The offline hold-back as the task runs it: STORE_SILENT read from the exceptions topic on a real
 * broker, the store's warehouse threshold raised in the simulator over HTTP, only by the task that
 * owns the first partition. (HoldBackTest covers the rule's growth and release step by step.)
 */
@ExtendWith(KafkaExtension.class)
class HoldBackIT {

    private static final String TOKEN = "hold-token";
    private static final String CHANGES = "stock.changes.v1";

    private CentraSimulator centra;
    private EmbeddedSchemaRegistry registry;
    private String bootstrap;
    private String exceptions;
    private String receipts;

    @BeforeEach
    void setUp(KafkaCluster kafka) throws Exception {
        bootstrap = kafka.bootstrapServers();
        exceptions = "exceptions-" + System.nanoTime();
        receipts = "receipts-" + System.nanoTime();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic(exceptions, 1, (short) 1),
                    new NewTopic(receipts, 1, (short) 1).configs(Map.of("cleanup.policy", "compact")))).all().get();
        }
        registry = EmbeddedSchemaRegistry.start(bootstrap, 0);
        centra = TeeCentra.twoStores(TOKEN);
    }

    @AfterEach
    void tearDown() {
        centra.close();
        registry.close();
    }

    @Test
    void shouldHoldBackASilentStoreOnlyFromTheTaskOwningTheFirstPartition() throws Exception {
        CentraStockSinkTask owner = task(new TopicPartition(CHANGES, 0));
        CentraStockSinkTask other = task(new TopicPartition(CHANGES, 1));
        try {
            owner.put(List.of(sale(0, "S001")));
            other.put(List.of(sale(1, "S002")));
            declareSilent("S001");

            GraphQlCentraClient reader = new GraphQlCentraClient(centra.url().toString(), TOKEN, Duration.ofSeconds(5),
                    Clock.systemUTC());
            for (int i = 0; i < 12; i++) { // 3 s: its feed has read the silence by then
                other.put(List.of());
                Thread.sleep(250);
            }
            assertThat(reader.warehouseThreshold(1)).as("not the other task's to decide").isZero();
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
                owner.put(List.of());
                assertThat(reader.warehouseThreshold(1)).as("S001's warehouse").isEqualTo(1);
            });
            assertThat(reader.warehouseThreshold(2)).as("S002 trades on").isZero();
            assertThat(centra.mutations()).as("the two sales, once each").hasSize(2);
        } finally {
            owner.stop();
            other.stop();
        }
    }

    private CentraStockSinkTask task(TopicPartition assigned) {
        CentraStockSinkTask task = new CentraStockSinkTask();
        task.initialize(new RecordingTaskContext(assigned));
        task.start(Map.ofEntries(Map.entry("topics", CHANGES),
                Map.entry(CentraSinkConfig.URL_CONFIG, centra.url().toString()),
                Map.entry(CentraSinkConfig.TOKEN_CONFIG, TOKEN),
                Map.entry(CentraSinkConfig.WAREHOUSES_CONFIG, "S001:1, S002:2"),
                Map.entry(CentraSinkConfig.RECEIPTS_BOOTSTRAP_CONFIG, bootstrap),
                Map.entry(CentraSinkConfig.RECEIPTS_REGISTRY_CONFIG, registry.url().toString()),
                Map.entry(CentraSinkConfig.RECEIPTS_TOPIC_CONFIG, receipts),
                Map.entry(CentraSinkConfig.HOLDBACK_ENABLED_CONFIG, "true"),
                Map.entry(CentraSinkConfig.HOLDBACK_TOPIC_CONFIG, exceptions)));
        return task;
    }

    private void declareSilent(String store) {
        Instant now = Instant.now();
        ReconciliationException silent = RetailOpsRules.storeQuiet(null, store, now.minus(Duration.ofHours(1)),
                Duration.ofMinutes(60).minusSeconds(1), now).orElseThrow();
        var serializer = new ConfluentAvroSerializer<ReconciliationException>(
                new SchemaRegistryClient(registry.url().toString()), Topics.EXCEPTIONS.valueSchema());
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap), new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(exceptions, silent.getId(), serializer.serialize(exceptions, silent)));
        }
    }

    private static SinkRecord sale(int partition, String store) {
        return StockChangeRecords.teeM(CHANGES, partition, 0, store, -1);
    }
}
