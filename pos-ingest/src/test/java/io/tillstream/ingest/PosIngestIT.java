package io.tillstream.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.Micronaut;
import io.micronaut.runtime.server.EmbeddedServer;
import io.tillstream.ingest.stores.StoreRegistry;
import io.tillstream.registry.client.SchemaRegistryClient;
import io.tillstream.registry.serde.ConfluentAvroDeserializer;
import io.tillstream.registry.server.EmbeddedSchemaRegistry;
import io.tillstream.schemas.PosTransaction;
import io.tillstream.schemas.TopicProvisioner;
import io.tillstream.schemas.Topics;
import io.tillstream.testkit.KafkaCluster;
import io.tillstream.testkit.KafkaExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** pos-ingest over real HTTP, appending to a real broker through a real registry. */
@ExtendWith(KafkaExtension.class)
class PosIngestIT {

    private static final String TOKEN_S001 = "s001-secret-token-value";
    private static final String TOKEN_S002 = "s002-secret-token-value";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path dir;
    private static EmbeddedSchemaRegistry registry;
    private static ApplicationContext app;
    private static String url;
    private static String bootstrap;
    private static final ListAppender<ILoggingEvent> LOGS = new ListAppender<>();

    @BeforeAll
    static void start(KafkaCluster kafka) throws Exception {
        bootstrap = kafka.bootstrapServers();
        // Kafka's and Micronaut's threads log while the test reads: the list must be thread-safe.
        LOGS.list = java.util.Collections.synchronizedList(new ArrayList<>());
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(LOGS);
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(ch.qos.logback.classic.Level.DEBUG);
        LOGS.start();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            new TopicProvisioner(admin, 1, (short) 1).provision(Topics.ALL);
        }
        registry = EmbeddedSchemaRegistry.start(bootstrap, 0);
        Path stores = dir.resolve("stores.yml");
        Files.writeString(stores, """
                stores:
                  - storeId: S001
                    timezone: Australia/Sydney
                    centraWarehouseId: 1
                    tokenSha256: "%s"
                  - storeId: S002
                    timezone: Europe/London
                    centraWarehouseId: 2
                    tokenSha256: "%s"
                """.formatted(StoreRegistry.sha256Hex(TOKEN_S001), StoreRegistry.sha256Hex(TOKEN_S002)));
        app = Micronaut.build(new String[0]).mainClass(Application.class).banner(false)
                .properties(Map.of("micronaut.server.port", -1, "kafka.bootstrap.servers", bootstrap,
                        "tillstream.schema-registry.url", registry.url().toString(),
                        "tillstream.stores.file", stores.toString()))
                .start();
        url = app.getBean(EmbeddedServer.class).getURL().toString();
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    void shouldAppendAnAcceptedSaleKeyedByStoreWithTheStoresBusinessDate() throws Exception {
        // 14:30 UTC is already the next day in Sydney.
        HttpResponse<String> response = post("/v1/transactions", TOKEN_S001, sale("S001-IT-1", "S001", "2026-11-25T14:30:00Z"));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        assertThat(response.body()).contains("\"transactionId\":\"S001-IT-1\"", "\"status\":\"ACCEPTED\"");
        ConsumerRecord<String, PosTransaction> record = find("S001-IT-1");
        assertThat(record.key()).isEqualTo("S001");
        assertThat(record.value().getBusinessDate()).isEqualTo(LocalDate.of(2026, 11, 26));
        assertThat(record.value().getLines().get(0).getUnitPrice()).isEqualByComparingTo("25.00");
    }

    @Test
    void shouldRefuseAWrongTokenAnotherStoreAndNoTokenWithProblems() throws Exception {
        String sale = sale("S002-IT-2", "S002", Instant.now().toString());
        HttpResponse<String> wrong = post("/v1/transactions", "not-a-token", sale);
        HttpResponse<String> crossStore = post("/v1/transactions", TOKEN_S001, sale);
        HttpResponse<String> none = post("/v1/transactions", null, sale);

        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(crossStore.statusCode()).isEqualTo(403);
        assertThat(none.statusCode()).isEqualTo(401);
        for (HttpResponse<String> r : List.of(wrong, crossStore, none)) {
            assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        }
    }

    @Test
    void shouldNameEveryInvalidFieldAndAppendNothing() throws Exception {
        HttpResponse<String> response = post("/v1/transactions", TOKEN_S001,
                sale("S001-IT-3", "S001", Instant.now().toString()).replace("\"45.00\"", "\"44.00\"")
                        .replace("\"quantity\":2", "\"quantity\":2,\"colour\":\"red\""));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("\"field\":\"lines[0].colour\"");
        HttpResponse<String> sums = post("/v1/transactions", TOKEN_S001,
                sale("S001-IT-3", "S001", Instant.now().toString()).replace("\"45.00\"", "\"44.00\""));
        assertThat(sums.statusCode()).isEqualTo(400);
        assertThat(sums.body()).contains("\"field\":\"tenders\"");
        assertThat(consumeAll()).noneMatch(r -> r.value().getTransactionId().equals("S001-IT-3"));
    }

    @Test
    void shouldAnswerWrongContentTypeWithAProblem() throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url + "/v1/transactions"))
                .header("Authorization", "Bearer " + TOKEN_S001).header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("hello")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(415);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
    }

    @Test
    void shouldNeverLogATokenEvenWhenItIsWrong() throws Exception {
        post("/v1/transactions", TOKEN_S001, sale("S001-IT-5", "S001", Instant.now().toString()));
        post("/v1/transactions", "wrong-" + TOKEN_S002, sale("S002-IT-5", "S002", Instant.now().toString()));

        List<ILoggingEvent> logged;
        synchronized (LOGS.list) {
            logged = new ArrayList<>(LOGS.list);
        }
        assertThat(logged).isNotEmpty();
        assertThat(logged).noneMatch(e -> e.getFormattedMessage().contains(TOKEN_S001)
                || e.getFormattedMessage().contains(TOKEN_S002));
    }

    private static HttpResponse<String> post(String path, String token, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url + path)).timeout(Duration.ofSeconds(15))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String sale(String id, String store, String at) {
        return """
                {"transactionId":"%s","storeId":"%s","tillId":"T03","type":"SALE","occurredAt":"%s","currency":"GBP",
                 "lines":[{"sku":"CAS-TEE-BLK-M","quantity":2,"unitPrice":"25.00","discount":"5.00","tax":"7.50"}],
                 "tenders":[{"method":"CARD","amount":"45.00","reference":"auth-88123"}]}""".formatted(id, store, at);
    }

    private static ConsumerRecord<String, PosTransaction> find(String transactionId) {
        return consumeAll().stream().filter(r -> r.value().getTransactionId().equals(transactionId)).findFirst()
                .orElseThrow(() -> new AssertionError(transactionId + " is not on the topic"));
    }

    private static List<ConsumerRecord<String, PosTransaction>> consumeAll() {
        var deserializer = new ConfluentAvroDeserializer<PosTransaction>(
                new SchemaRegistryClient(registry.url().toString()), Topics.POS_TRANSACTIONS.valueSchema());
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.GROUP_ID_CONFIG, "it-" + System.nanoTime()),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.POS_TRANSACTIONS.name()));
            List<ConsumerRecord<String, PosTransaction>> records = new ArrayList<>();
            long deadline = System.currentTimeMillis() + 5_000;
            while (System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    records.add(new ConsumerRecord<>(r.topic(), r.partition(), r.offset(), r.key(),
                            deserializer.deserialize(r.topic(), r.value())));
                }
            }
            return records;
        }
    }
}
