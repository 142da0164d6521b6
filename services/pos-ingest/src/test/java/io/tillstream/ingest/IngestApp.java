package io.tillstream.ingest;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.Micronaut;
import io.micronaut.runtime.server.EmbeddedServer;
import io.tillstream.domain.stores.StoreRecords;
import io.tillstream.ingest.stores.StoreRegistry;
import io.tillstream.registry.client.SchemaRegistryClient;
import io.tillstream.registry.serde.ConfluentAvroDeserializer;
import io.tillstream.registry.serde.ConfluentAvroSerializer;
import io.tillstream.registry.server.EmbeddedSchemaRegistry;
import io.tillstream.schemas.PosTransaction;
import io.tillstream.schemas.Store;
import io.tillstream.schemas.StoreStatus;
import io.tillstream.schemas.TillToken;
import io.tillstream.schemas.TopicProvisioner;
import io.tillstream.schemas.TopicSpec;
import io.tillstream.schemas.Topics;
import io.tillstream.service.access.BearerTokens;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * pos-ingest as it runs in production, started for a test on a given broker with two stores
 * (S001, S002), plus the HTTP and read_committed consumer helpers the integration tests share.
 */
final class IngestApp implements AutoCloseable {

    static final String TOKEN_S001 = "s001-secret-token-value";
    static final String TOKEN_S002 = "s002-secret-token-value";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final EmbeddedSchemaRegistry registry;
    private final ApplicationContext app;
    private final String bootstrap;
    private final String url;

    private IngestApp(EmbeddedSchemaRegistry registry, ApplicationContext app, String bootstrap) {
        this.registry = registry;
        this.app = app;
        this.bootstrap = bootstrap;
        this.url = app.getBean(EmbeddedServer.class).getURL().toString();
    }

    /**
     * Provisions the topics (if missing), starts a registry on the broker's {@code _schemas} (so test classes
     * that run one after another agree on schema ids) and the app with {@code extra} settings.
     */
    static IngestApp start(String bootstrap, Path dir, Map<String, Object> extra) throws IOException {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            new TopicProvisioner(admin, 1, (short) 1).provision(Topics.ALL);
        }
        EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.start(bootstrap, 0);
        // the store registry pos-ingest follows: S001 and S002, each with one store-wide token
        // Store-wide tokens, as a stores.yml import gives: their tills post as T03 and others.
        registerStore(bootstrap, registry, "S001", "Australia/Sydney", 1, StoreRecords.STORE_WIDE_TILL, TOKEN_S001);
        registerStore(bootstrap, registry, "S002", "Europe/London", 2, StoreRecords.STORE_WIDE_TILL, TOKEN_S002);
        Map<String, Object> properties = new HashMap<>(Map.of("micronaut.server.port", -1,
                "tillstream.bootstrap.servers", bootstrap,
                "tillstream.schema-registry.url", registry.url().toString()));
        properties.putAll(extra);
        ApplicationContext app = Micronaut.build(new String[0]).mainClass(Application.class).banner(false)
                .properties(properties).start();
        // a till's first call would be 503 while the registry is read: the tests start where tills do, after it
        StoreRegistry stores = app.getBean(StoreRegistry.class);
        for (int i = 0; i < 300 && !stores.loaded(); i++) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return new IngestApp(registry, app, bootstrap);
    }

    /** Writes a store to {@code stores.v1} as ./tillstream store does; {@code token} null: a closed store. */
    static void registerStore(String bootstrap, EmbeddedSchemaRegistry registry, String storeId, String zone,
                              int warehouse, String tillId, String token) {
        Store store = Store.newBuilder().setStoreId(storeId).setName(storeId).setTimezone(zone)
                .setStatus(token == null ? StoreStatus.CLOSED : StoreStatus.LIVE).setCentraWarehouseId(warehouse)
                .setTills(token == null ? List.of() : List.of(new TillToken(tillId, BearerTokens.sha256Hex(token))))
                .setUpdatedAt(Instant.now()).setUpdatedBy("test").build();
        var serializer = new ConfluentAvroSerializer<Store>(new SchemaRegistryClient(registry.url().toString()),
                Topics.STORES.valueSchema());
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(Topics.STORES.name(), storeId,
                    serializer.serialize(Topics.STORES.name(), store))).get();
        } catch (Exception e) {
            throw new IllegalStateException("Could not register store " + storeId, e);
        }
    }

    /** A store as {@code ./tillstream store add} registers it: one till, T01, with its own token. */
    void registerStore(String storeId, String zone, int warehouse, String token) {
        registerStore(bootstrap, registry, storeId, zone, warehouse, "T01", token);
    }

    HttpResponse<String> post(String path, String token, String contentType, String body) throws Exception {
        return post(path, token == null ? List.of() : List.of(token), contentType, body);
    }

    /** With one Authorization header per token. */
    HttpResponse<String> post(String path, List<String> tokens, String contentType, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url + path)).timeout(Duration.ofSeconds(20))
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body));
        tokens.forEach(token -> request.header("Authorization", "Bearer " + token));
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, String token, String json) throws Exception {
        return post(path, token, "application/json", json);
    }

    HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url + path)).timeout(Duration.ofSeconds(20)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A GET as a till makes it: with its store token and any other headers. */
    HttpResponse<String> get(String path, String token, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url + path)).timeout(Duration.ofSeconds(20))
                .header("Authorization", "Bearer " + token).GET();
        headers.forEach(request::header);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Writes a record (null: a tombstone) as the topic's producers do, acknowledged by the broker. */
    <V extends SpecificRecord> void publish(TopicSpec<V> topic, String key, V value) throws Exception {
        var serializer = new ConfluentAvroSerializer<V>(new SchemaRegistryClient(registry.url().toString()),
                topic.valueSchema());
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic.name(), key,
                    value == null ? null : serializer.serialize(topic.name(), value))).get();
        }
    }

    String url() {
        return url;
    }

    static String sale(String id, String store, String at) {
        return """
                {"transactionId":"%s","storeId":"%s","tillId":"T03","type":"SALE","occurredAt":"%s","currency":"GBP",
                 "lines":[{"sku":"CAS-TEE-BLK-M","quantity":2,"unitPrice":"25.00","discount":"5.00","tax":"7.50"}],
                 "tenders":[{"method":"CARD","amount":"45.00","reference":"auth-88123"}]}""".formatted(id, store, at);
    }

    /** Every transaction a read_committed consumer sees on pos.transactions.v1, up to the current end. */
    List<PosTransaction> committedTransactions() {
        return committed(Topics.POS_TRANSACTIONS).stream().map(PosTransaction.class::cast).toList();
    }

    /** Every event a read_committed consumer sees on the topic, up to its current end. */
    List<SpecificRecord> committed(TopicSpec<?> topic) {
        return committedRecords(topic).stream().map(ConsumerRecord::value).toList();
    }

    /** The same, with keys: every record a read_committed consumer sees, up to the current end. */
    List<ConsumerRecord<String, SpecificRecord>> committedRecords(TopicSpec<?> topic) {
        var deserializer = new ConfluentAvroDeserializer<SpecificRecord>(
                new SchemaRegistryClient(registry.url().toString()), topic.valueSchema());
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic.name()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            // For read_committed, the end offsets are the last stable offsets: nothing open is waited for.
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<ConsumerRecord<String, SpecificRecord>> records = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!reached(consumer, end) && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> records.add(new ConsumerRecord<>(r.topic(),
                        r.partition(), r.offset(), r.key(), deserializer.deserialize(r.topic(), r.value()))));
            }
            return records;
        }
    }

    private static boolean reached(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> end) {
        Set<TopicPartition> assigned = consumer.assignment();
        return assigned.stream().allMatch(tp -> consumer.position(tp) >= end.get(tp));
    }

    <T> T bean(Class<T> type) {
        return app.getBean(type);
    }

    @Override
    public void close() {
        app.close();
        registry.close();
    }
}
