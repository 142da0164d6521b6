package io.tillstream.centra.sink.receipts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tillstream.centra.simulator.CentraSimulator;
import io.tillstream.centra.simulator.StockRow;
import io.tillstream.centra.sink.TeeCentra;
import io.tillstream.centra.client.GraphQlCentraClient;
import io.tillstream.centra.sink.sync.ChangeRecord;
import io.tillstream.centra.client.RateBudget;
import io.tillstream.centra.sink.sync.RecordRef;
import io.tillstream.centra.sink.sync.StockSync;
import io.tillstream.registry.client.SchemaRegistryClient;
import io.tillstream.registry.serde.ConfluentAvroDeserializer;
import io.tillstream.registry.server.EmbeddedSchemaRegistry;
import io.tillstream.schemas.SyncReceipt;
import io.tillstream.schemas.SyncStatus;
import io.tillstream.testkit.KafkaCluster;
import io.tillstream.testkit.KafkaExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A task dies while Centra's answer is outstanding; its successor, reading the receipt journal on
 * a real broker, must neither lose nor repeat the delta. Centra is the simulator over HTTP, which
 * (like Centra) applies a changeStock twice if it is sent twice.
 */
@ExtendWith(KafkaExtension.class)
class ReceiptRecoveryIT {

    private static final String TOKEN = "it-token";
    private static final Clock CLOCK = Clock.systemUTC();

    private CentraSimulator centra;
    private EmbeddedSchemaRegistry registry;
    private String bootstrap;
    private String topic;

    @BeforeEach
    void setUp(KafkaCluster kafka) throws Exception {
        bootstrap = kafka.bootstrapServers();
        topic = "receipts-" + System.nanoTime();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1)
                    .configs(Map.of("cleanup.policy", "compact")))).all().get();
        }
        registry = EmbeddedSchemaRegistry.start(bootstrap, 0);
        centra = TeeCentra.oneStore(TOKEN);
    }

    @AfterEach
    void tearDown() {
        centra.close();
        registry.close();
    }

    @Test
    void shouldNotRepeatAMutationCentraAppliedBeforeTheTaskDied() throws Exception {
        fault("TIMEOUT");
        try (KafkaReceiptLog journal = journal()) {
            StockSync dying = sync(journal);
            dying.recover(Duration.ofSeconds(10));
            dying.add(List.of(sale(0)));
            dying.flush(); // Centra applies it; the answer never arrives; the task dies here
        }
        assertThat(physical()).isEqualTo(7);

        try (KafkaReceiptLog journal = journal()) {
            StockSync successor = sync(journal);
            successor.recover(Duration.ofSeconds(10));
            successor.add(List.of(sale(0))); // redelivered: its offset was never committed
            successor.flush();
            assertThat(successor.committableOffsets()).containsValue(1L);
        }
        assertThat(physical()).as("applied exactly once").isEqualTo(7);
        assertThat(centra.mutations()).hasSize(1);
    }

    @Test
    void shouldSendAgainAMutationCentraNeverReceived() throws Exception {
        fault("DOWN");
        try (KafkaReceiptLog journal = journal()) {
            StockSync dying = sync(journal);
            dying.recover(Duration.ofSeconds(10));
            dying.add(List.of(sale(0)));
            dying.flush(); // the connection drops before Centra sees it; the task dies here
        }
        assertThat(physical()).isEqualTo(10);

        try (KafkaReceiptLog journal = journal()) {
            StockSync successor = sync(journal);
            successor.recover(Duration.ofSeconds(10));
            successor.add(List.of(sale(0)));
            successor.flush();
        }
        assertThat(physical()).as("not lost").isEqualTo(7);
        assertThat(centra.mutations()).hasSize(1);
    }

    /**
     * A restock and a sale of TEE-M cancel out, so nothing is sent for them, while a sale of TEE-L
     * between them waits for the budget: the committed offset lands between the two TEE-M changes.
     * The successor is re-delivered the sale alone and must not push it: the journal says the pair
     * is settled.
     */
    @Test
    void shouldNotPushTheTailOfChangesThatCancelledOutBeforeTheTaskDied() throws Exception {
        try (KafkaReceiptLog journal = journal()) {
            RateBudget spent = RateBudget.mutations(1_000, 100_000, CLOCK);
            spent.pauseUntil(CLOCK.instant().plus(Duration.ofHours(1)));
            StockSync dying = sync(journal, spent);
            dying.recover(Duration.ofSeconds(10));
            dying.add(List.of(change("TEE-M", 1, 2, 12, 0), change("TEE-L", 1, -1, 9, 1), change("TEE-M", 2, -2, 10, 2)));
            dying.flush();
            assertThat(dying.committableOffsets()).as("up to the waiting sale of TEE-L").containsValue(1L);
        }
        assertThat(centra.mutations()).isEmpty();

        try (KafkaReceiptLog journal = journal()) {
            StockSync successor = sync(journal, RateBudget.mutations(1_000, 100_000, CLOCK));
            successor.recover(Duration.ofSeconds(10));
            // Re-delivered from the committed offset:
            successor.add(List.of(change("TEE-L", 1, -1, 9, 1), change("TEE-M", 2, -2, 10, 2)));
            successor.flush();
            assertThat(successor.committableOffsets()).containsValue(3L);
        }
        assertThat(physical("TEE-M")).as("the cancelled-out pair changes nothing").isEqualTo(10);
        assertThat(physical("TEE-L")).isEqualTo(9);
        assertThat(centra.mutations()).hasSize(1);
    }

    /**
     * Compaction keeps a key's latest receipt only: once the intent of a mutation in doubt follows
     * the CONFIRMED receipt of the one before, the cleaner may remove that CONFIRMED receipt. The
     * successor, re-delivered both changes (no offset was committed), must still know the first is
     * in Centra: the intent carries what was settled when it was written.
     */
    @Test
    void shouldKnowWhatCentraHasWhenCompactionLeftOnlyTheLatestIntent() throws Exception {
        try (KafkaReceiptLog journal = journal()) {
            StockSync dying = sync(journal);
            dying.recover(Duration.ofSeconds(10));
            dying.add(List.of(change("TEE-M", 1, -3, 7, 0)));
            dying.flush(); // confirmed
            fault("TIMEOUT");
            dying.add(List.of(change("TEE-M", 2, -2, 5, 1)));
            dying.flush(); // applied, the answer never comes; the task dies before committing offsets
        }
        assertThat(physical()).isEqualTo(5);
        String compacted = topic + "-compacted";
        keepTheLatestPerKey(topic, compacted);

        try (KafkaReceiptLog journal = new KafkaReceiptLog(bootstrap, registry.url().toString(), compacted, CLOCK)) {
            StockSync successor = sync(journal);
            successor.recover(Duration.ofSeconds(10));
            successor.add(List.of(change("TEE-M", 1, -3, 7, 0), change("TEE-M", 2, -2, 5, 1)));
            successor.flush();
            assertThat(successor.committableOffsets()).containsValue(2L);
        }
        assertThat(physical()).as("neither change applied twice").isEqualTo(5);
        assertThat(centra.mutations()).hasSize(2);
    }

    /**
     * Two tasks share the journal. The second reads it while the first's mutation is in doubt, then
     * the first settles it and pushes the next sale. Found by ChaosIT: the second task read back the
     * first one's intent after its wait and journalled it CONFIRMED again, after the owner's next
     * receipt, so the size's latest receipt went back a sequence and its drift never resolved. The
     * task that does not own the size must leave the intent to its owner.
     */
    @Test
    void shouldLeaveAnIntentInDoubtToTheTaskThatOwnsItsSize() throws Exception {
        fault("TIMEOUT");
        try (KafkaReceiptLog ownerJournal = journal(); KafkaReceiptLog otherJournal = journal()) {
            StockSync owner = sync(ownerJournal);
            owner.recover(Duration.ofSeconds(10));
            owner.add(List.of(sale(0)));
            owner.flush(); // Centra applies it; the answer never arrives: in doubt, the intent is the latest receipt

            StockSync other = sync(otherJournal);
            other.recover(Duration.ofSeconds(10)); // reads the owner's intent

            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
                owner.flush(); // read back once Centra is surely done: applied
                assertThat(owner.committableOffsets()).containsValue(1L);
            });
            owner.add(List.of(change("TEE-M", 2, -2, 5, 1)));
            owner.flush();

            RecordRef elsewhere = new RecordRef("stock.changes.v1", 1, 0);
            other.add(List.of(new ChangeRecord("S001", "TEE-L", 1, -1, 9, elsewhere)));
            other.flush();
            assertThat(other.committableOffsets()).containsEntry(
                    new org.apache.kafka.common.TopicPartition("stock.changes.v1", 1), 1L);
        }

        List<SyncReceipt> teeM = receipts().stream().filter(r -> r.getSku().equals("TEE-M")).toList();
        assertThat(teeM.stream().filter(r -> r.getStatus() == SyncStatus.CONFIRMED && r.getConfirmedSequence() == 1))
                .as("the first sale confirmed once, by its owner").hasSize(1);
        assertThat(teeM.get(teeM.size() - 1).getConfirmedSequence()).as("the size's latest receipt").isEqualTo(2L);
        assertThat(physical()).isEqualTo(5);
        assertThat(physical("TEE-L")).isEqualTo(9);
    }

    /** Every receipt of the journal, in order per partition (one key is one partition). */
    private List<SyncReceipt> receipts() {
        var deserializer = new ConfluentAvroDeserializer<SyncReceipt>(new SchemaRegistryClient(registry.url()
                .toString()), SyncReceipt.getClassSchema());
        return records(topic).stream().map(r -> deserializer.deserialize(topic, r.value())).toList();
    }

    /** Copies what a finished compaction of {@code from} would hold: each key's latest record. */
    private void keepTheLatestPerKey(String from, String to) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic(to, 2, (short) 1))).all().get();
        }
        Map<String, byte[]> latest = new java.util.LinkedHashMap<>();
        records(from).forEach(r -> {
            latest.remove(r.key());
            latest.put(r.key(), r.value());
        });
        assertThat(latest).as("one receipt per key is left").hasSize(1);
        try (var producer = new org.apache.kafka.clients.producer.KafkaProducer<String, byte[]>(Map.of(
                "bootstrap.servers", bootstrap), new org.apache.kafka.common.serialization.StringSerializer(),
                new org.apache.kafka.common.serialization.ByteArraySerializer())) {
            latest.forEach((key, value) -> producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(to, key,
                    value)));
        }
    }

    /** What {@code topic} holds, in order per partition, read until it has been quiet for a second. */
    private List<org.apache.kafka.clients.consumer.ConsumerRecord<String, byte[]>> records(String topic) {
        List<org.apache.kafka.clients.consumer.ConsumerRecord<String, byte[]>> all = new ArrayList<>();
        try (var consumer = new org.apache.kafka.clients.consumer.KafkaConsumer<String, byte[]>(Map.of(
                "bootstrap.servers", bootstrap, "group.id", "reader-" + System.nanoTime(),
                "auto.offset.reset", "earliest", "enable.auto.commit", false),
                new org.apache.kafka.common.serialization.StringDeserializer(),
                new org.apache.kafka.common.serialization.ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            for (int i = 0, empty = 0; i < 40 && empty < 4; i++) {
                var polled = consumer.poll(Duration.ofMillis(250));
                empty = polled.isEmpty() ? empty + 1 : 0;
                polled.forEach(all::add);
            }
        }
        return all;
    }

    private KafkaReceiptLog journal() {
        return new KafkaReceiptLog(bootstrap, registry.url().toString(), topic, CLOCK);
    }

    private StockSync sync(ReceiptLog journal) {
        return sync(journal, RateBudget.mutations(1_000, 100_000, CLOCK));
    }

    private StockSync sync(ReceiptLog journal, RateBudget budget) {
        return new StockSync(new GraphQlCentraClient(centra.url().toString(), TOKEN, Duration.ofSeconds(1), CLOCK), budget,
                journal, (record, reason) -> { throw new AssertionError(reason); }, StockSync.Options.of(Map.of("S001", 1), 200), CLOCK);
    }

    private static ChangeRecord sale(long offset) {
        RecordRef record = new RecordRef("stock.changes.v1", 0, offset);
        return new ChangeRecord("S001", "TEE-M", 1, -3, 7, record);
    }

    private static ChangeRecord change(String sku, long sequence, int delta, int onHandAfter, long offset) {
        RecordRef record = new RecordRef("stock.changes.v1", 0, offset);
        return new ChangeRecord("S001", sku, sequence, delta, onHandAfter, record);
    }

    private int physical() {
        return physical("TEE-M");
    }

    private int physical(String sku) {
        return centra.stock(1).stream().filter(r -> r.sku().equals(sku)).mapToInt(StockRow::physical).sum();
    }

    private void fault(String mode) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(centra.url() + "/_sim/faults")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"mode\":\"" + mode + "\",\"count\":1}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isLessThan(300);
    }
}
