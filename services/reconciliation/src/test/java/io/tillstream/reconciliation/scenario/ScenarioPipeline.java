package io.tillstream.reconciliation.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tillstream.domain.stores.StoreDirectory;
import io.tillstream.reconciliation.Reconciliation;
import io.tillstream.reconciliation.ReconciliationSettings;
import io.tillstream.registry.client.SchemaRegistryClient;
import io.tillstream.registry.serde.ConfluentAvroSerde;
import io.tillstream.registry.server.EmbeddedSchemaRegistry;
import io.tillstream.schemas.DailyStoreTotals;
import io.tillstream.schemas.ExceptionStatus;
import io.tillstream.schemas.ReconciliationException;
import io.tillstream.schemas.Role;
import io.tillstream.schemas.StockChange;
import io.tillstream.schemas.TopicProvisioner;
import io.tillstream.schemas.TopicSpec;
import io.tillstream.schemas.Topics;
import io.tillstream.service.access.TokenAdmin;
import io.tillstream.service.streams.StreamsSettings;
import io.tillstream.testkit.KafkaCluster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The real reconciliation service ({@link Reconciliation#start}, as its main method starts it) on the
 * shared broker, with a schema registry keeping its schemas in {@code _schemas} there (so every test
 * class of the JVM agrees on schema ids), fed through its real input topics and watched on its output
 * topics. Shared by the scenarios of a test class (see {@link ScenarioPipelineExtension}); each
 * scenario uses its own stores and SKUs.
 *
 * <p>Thresholds that are hours in production are seconds here, set through the service's own
 * settings: the wall-clock checks run every {@link #CHECK_INTERVAL}, a store goes silent after
 * {@link #SILENCE_THRESHOLD}, drift must last {@link #DRIFT_GRACE} and a change may wait
 * {@link #SYNC_SLO} for Centra; a day's payout and deposit are due by its own end (no banking days), so
 * yesterday's are overdue and today's not yet. Day close and the inspection
 * SLA keep their production values: scenarios use event times (business days and returns in the past).
 */
final class ScenarioPipeline implements ExtensionContext.Store.CloseableResource {

    static final Duration CHECK_INTERVAL = Duration.ofMillis(250);
    static final Duration SILENCE_THRESHOLD = Duration.ofSeconds(2);
    /**
     * Records of two topics reach one task in the order the fetches bring them: in the full suite on two
     * cores a confirmation once arrived more than 1 s after the Centra read it explains, and the clean day
     * raised (and then resolved) a drift. Production's grace is minutes.
     */
    static final Duration DRIFT_GRACE = Duration.ofSeconds(4);
    static final Duration SYNC_SLO = Duration.ofSeconds(2);
    /** How long a scenario waits for an outcome it expects; the app reacts well within a few seconds. */
    static final Duration WAIT = Duration.ofSeconds(30);
    /** The topics reconciliation reads: caught up on all of them, it has seen everything a scenario sent. */
    private static final List<TopicSpec<?>> INPUTS = List.of(Topics.POS_TRANSACTIONS, Topics.STOCK_ADJUSTMENTS,
            Topics.STOCK_LEVELS, Topics.STOCK_CHANGES, Topics.STOCK_CHANGES_DLQ, Topics.SYNC_RECEIPTS,
            Topics.CENTRA_STOCK, Topics.SETTLEMENTS, Topics.LEDGER_NOTICES);

    private static final ObjectMapper JSON = new ObjectMapper();

    final ScenarioStores stores;
    final TopicLog<ReconciliationException> exceptions;
    final TopicLog<DailyStoreTotals> dailyTotals;
    private final String applicationId;
    private final Path dir;
    private final Admin admin;
    private final EmbeddedSchemaRegistry registry;
    private final SchemaRegistryClient registryClient;
    private final KafkaProducer<String, byte[]> producer;
    private final Map<String, Serializer<Object>> serializers = new HashMap<>();
    private final Reconciliation reconciliation;
    private final HttpClient http = HttpClient.newHttpClient();
    /** The integration team's token: the exceptions view needs one of the owner teams'. */
    private final String integration;

    private ScenarioPipeline(KafkaCluster kafka) throws IOException {
        String run = "SC" + UUID.randomUUID().toString().substring(0, 6).toUpperCase();
        this.applicationId = "reconciliation-scenarios-" + run;
        this.stores = new ScenarioStores(run, Instant.now());
        this.dir = Files.createTempDirectory("reconciliation-scenarios");
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
        new TopicProvisioner(admin, 2, (short) 1).provision(Topics.ALL);
        this.registry = EmbeddedSchemaRegistry.start(kafka.bootstrapServers(), 0);
        this.registryClient = new SchemaRegistryClient(registry.url().toString());
        this.producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer());
        this.exceptions = new TopicLog<>(kafka.bootstrapServers(), Topics.EXCEPTIONS.name(),
                new ConfluentAvroSerde<ReconciliationException>(registryClient, Topics.EXCEPTIONS.valueSchema())
                        .deserializer());
        this.dailyTotals = new TopicLog<>(kafka.bootstrapServers(), Topics.DAILY_TOTALS.name(),
                new ConfluentAvroSerde<DailyStoreTotals>(registryClient, Topics.DAILY_TOTALS.valueSchema())
                        .deserializer());
        Path storeFile = Files.writeString(dir.resolve("stores.yml"), stores.yaml());
        ReconciliationSettings settings = new ReconciliationSettings(StoreDirectory.load(storeFile),
                ReconciliationSettings.DEFAULT_CLOSE_GRACE, ReconciliationSettings.DEFAULT_SETTLEMENT_TOLERANCE,
                ReconciliationSettings.DEFAULT_INSPECTION_SLA, SILENCE_THRESHOLD, CHECK_INTERVAL)
                .withDriftGrace(DRIFT_GRACE).withSyncSlo(SYNC_SLO).withPayoutDays(0).withDepositDays(0);
        this.reconciliation = Reconciliation.start(StreamsSettings.local(applicationId, kafka.bootstrapServers(),
                registry.url().toString(), dir.resolve("state"), 0), settings);
        try (TokenAdmin tokens = new TokenAdmin(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.bootstrapServers()), registryClient, "cli:scenarios", Clock.systemUTC())) {
            this.integration = tokens.issue("integration-" + run, Role.INTEGRATION);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static ScenarioPipeline start(KafkaCluster kafka) {
        try {
            return new ScenarioPipeline(kafka);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes what an upstream service would, with the event's own time as the record's timestamp. */
    void send(TopicSpec<?> topic, String key, Object value, Instant timestamp) {
        byte[] bytes = serializers.computeIfAbsent(topic.name(),
                name -> new ConfluentAvroSerde<>(registryClient, topic.valueSchema()).serializer())
                .serialize(topic.name(), value);
        write(new ProducerRecord<>(topic.name(), null, timestamp.toEpochMilli(), key, bytes));
    }

    /**
     * What Kafka Connect does with a change the Centra sink refused: the original record's bytes on
     * the dead-letter queue, with the sink's error in Connect's error-context header.
     */
    void park(StockChange change, String reason, Instant timestamp) {
        Serializer<Object> original = serializers.computeIfAbsent(Topics.STOCK_CHANGES.name(),
                name -> new ConfluentAvroSerde<>(registryClient, Topics.STOCK_CHANGES.valueSchema()).serializer());
        ProducerRecord<String, byte[]> parked = new ProducerRecord<>(Topics.STOCK_CHANGES_DLQ.name(), null,
                timestamp.toEpochMilli(), change.getLocationId() + "|" + change.getSku(),
                original.serialize(Topics.STOCK_CHANGES.name(), change));
        parked.headers().add("__connect.errors.exception.message", reason.getBytes(StandardCharsets.UTF_8));
        write(parked);
    }

    private void write(ProducerRecord<String, byte[]> record) {
        try {
            producer.send(record).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Could not write to " + record.topic(), e.getCause());
        }
    }

    /** The first update of exception {@code id} with that status; fails the scenario if none comes in time. */
    ReconciliationException awaitException(String id, ExceptionStatus status) {
        return awaitException(id, status, Instant.MIN);
    }

    /** The first update of {@code id} to {@code status} first seen at or after {@code since}. */
    ReconciliationException awaitException(String id, ExceptionStatus status, Instant since) {
        return exceptions.await(r -> id.equals(r.key()) && r.value().getStatus() == status
                        && !r.value().getFirstSeenAt().isBefore(since), WAIT)
                .map(ConsumerRecord::value)
                .orElseThrow(() -> new AssertionError("No " + status + " update of " + id + " within " + WAIT));
    }

    /** The first published version {@code version} of a store-day's totals. */
    DailyStoreTotals awaitTotals(String dayKey, int version) {
        return dailyTotals.await(r -> dayKey.equals(r.key()) && r.value().getVersion() == version, WAIT)
                .map(ConsumerRecord::value)
                .orElseThrow(() -> new AssertionError("No version " + version + " of " + dayKey + " within " + WAIT));
    }

    /**
     * Waits until the service's own view ({@code GET /v1/exceptions}, what the dashboard and any
     * instance's rules read) lists the exception with that status.
     */
    void awaitInView(String id, ExceptionStatus status, String storeId) throws IOException, InterruptedException {
        URI query = URI.create(reconciliation.url() + "/v1/exceptions?status=" + status + "&storeId="
                + URLEncoder.encode(storeId, StandardCharsets.UTF_8));
        Instant deadline = Instant.now().plus(WAIT);
        while (true) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(query)
                            .header("Authorization", "Bearer " + integration).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 200) {
                for (JsonNode exception : JSON.readTree(response.body())) {
                    if (id.equals(exception.path("id").asText())) {
                        return;
                    }
                }
            }
            assertThat(Instant.now()).as("%s %s not in %s", status, id, query).isBefore(deadline);
            Thread.sleep(100);
        }
    }

    /**
     * Waits until reconciliation has committed its position at the end of every input partition: it
     * has then processed every record the scenario wrote, so an outcome that did not come is not
     * merely late.
     */
    void awaitCaughtUp() throws InterruptedException, ExecutionException {
        List<TopicPartition> inputs = admin.describeTopics(INPUTS.stream().map(TopicSpec::name).toList())
                .allTopicNames().get().values().stream()
                .flatMap(t -> t.partitions().stream().map(p -> new TopicPartition(t.name(), p.partition())))
                .toList();
        Instant deadline = Instant.now().plus(WAIT);
        while (true) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(applicationId)
                    .partitionsToOffsetAndMetadata().get();
            Map<TopicPartition, Long> lagging = admin.listOffsets(inputs.stream()
                            .collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest()))).all().get()
                    .entrySet().stream()
                    .filter(e -> e.getValue().offset() > (committed.get(e.getKey()) == null ? 0
                            : committed.get(e.getKey()).offset()))
                    .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
            if (lagging.isEmpty()) {
                return;
            }
            assertThat(Instant.now()).as("reconciliation still behind on %s", lagging).isBefore(deadline);
            Thread.sleep(100);
        }
    }

    @Override
    public void close() throws IOException {
        reconciliation.close();
        exceptions.close();
        dailyTotals.close();
        producer.close(Duration.ofSeconds(5));
        registry.close();
        admin.close(Duration.ofSeconds(5));
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
