package io.tillstream.projector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tillstream.domain.ledger.Position;
import io.tillstream.projector.replay.StockReplay;
import io.tillstream.projector.topology.StockTopology;
import io.tillstream.registry.client.SchemaRegistryClient;
import io.tillstream.registry.serde.ConfluentAvroSerde;
import io.tillstream.registry.server.EmbeddedSchemaRegistry;
import io.tillstream.schemas.PosTransaction;
import io.tillstream.schemas.Role;
import io.tillstream.schemas.StockCount;
import io.tillstream.schemas.Stocktake;
import io.tillstream.schemas.StocktakeScope;
import io.tillstream.schemas.Tender;
import io.tillstream.schemas.TopicProvisioner;
import io.tillstream.schemas.Topics;
import io.tillstream.schemas.TransactionLine;
import io.tillstream.schemas.TransactionType;
import io.tillstream.service.access.TokenAdmin;
import io.tillstream.service.config.HttpTls;
import io.tillstream.service.http.JsonHttp;
import io.tillstream.service.streams.StreamsSettings;
import io.tillstream.testkit.KafkaCluster;
import io.tillstream.testkit.KafkaExtension;
import io.tillstream.testkit.SelfSignedCertificate;
import io.tillstream.testkit.openapi.OpenApiContract;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two projector instances on a real broker: either one answers for every store, forwarding to the
 * other, the analysts' replay agrees with them, and no answer is wrong while the ledger moves.
 */
@ExtendWith(KafkaExtension.class)
class StockProjectorIT {

    private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");
    private static final int STORES = 8;
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The certificate the instances of the first test serve; this client trusts it (and plain HTTP works too). */
    private static final SelfSignedCertificate certificate = SelfSignedCertificate.create(
            Path.of(System.getProperty("java.io.tmpdir")));
    private final HttpClient http = HttpClient.newBuilder().sslContext(certificate.trustingIt()).build();
    /** A webshop's read-only token, issued through access.tokens.v1 as ./tillstream token add does. */
    private String reader;

    /** One registry for both tests: they share the broker's topics, so they must share schema ids too. */
    private static EmbeddedSchemaRegistry registry;

    @TempDir
    Path stateDir;

    @BeforeAll
    static void startRegistry() {
        registry = EmbeddedSchemaRegistry.startInMemory(0);
    }

    @AfterAll
    static void stopRegistry() throws IOException {
        registry.close();
        Files.deleteIfExists(certificate.keyStore());
    }

    @Test
    void shouldAnswerEveryLocationAndHistoryFromEitherInstance(KafkaCluster kafka) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            new TopicProvisioner(admin, 4, (short) 1).provision(Topics.ALL);
            String applicationId = "stock-projector-it-" + UUID.randomUUID();
            String registryUrl = registry.url().toString();
            reader = issue(kafka, "webshop-" + UUID.randomUUID(), Role.STOCK_READER);
            // over HTTPS, instances asking each other too: each trusts the other's certificate
            HttpTls tls = new HttpTls(certificate.keyStore(), certificate.password(), certificate.keyStore(),
                    certificate.password());
            try (StockProjector a = StockProjector.start(settings(applicationId, kafka, registryUrl, "a").withHttpTls(tls));
                 StockProjector b = StockProjector.start(settings(applicationId, kafka, registryUrl, "b").withHttpTls(tls))) {
                assertThat(a.url().toString()).startsWith("https://");
                // Both must own ledger partitions, or nothing here is forwarded.
                await().atMost(Duration.ofSeconds(60)).until(() -> running(a) && running(b)
                        && a.streams().streamsMetadataForStore(StockTopology.LEDGER_STORE).size() == 2);

                publish(kafka, registryUrl, "IT-TEE");

                for (StockProjector instance : List.of(a, b)) {
                    JsonNode stock = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                            .until(() -> json(instance.url() + "/v1/stock/IT-TEE"),
                                    body -> body != null && body.get("locations").size() == STORES
                                            && body.get("ats").asInt() == 36 - 1);
                    assertThat(stock.get("locations").get(2).get("locationId").asText()).isEqualTo("S003");
                    assertThat(stock.get("locations").get(2).get("onHand").asInt()).isEqualTo(2);

                    JsonNode history = json(instance.url() + "/v1/stock/IT-TEE/history?location=S003");
                    assertThat(history.get("changes")).extracting(c -> c.get("reason").asText())
                            .containsExactly("STOCKTAKE", "SALE");
                    assertThat(history.get("changes").get(1).get("causeEventIds").get(0).asText()).isEqualTo("S003-IT-TEE-T1");
                }

                // Without a token, nothing; the metrics stay open for Prometheus on the internal network.
                HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(URI.create(b.url() + "/v1/stock/IT-TEE"))
                        .GET().build(), HttpResponse.BodyHandlers.ofString());
                assertThat(anonymous.statusCode()).isEqualTo(401);
                assertThat(anonymous.body()).doesNotContain("IT-TEE\",\"ats");

                // Prometheus scrapes Kafka Streams' own metrics from every instance.
                HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(URI.create(b.url() + "/metrics"))
                        .GET().build(), HttpResponse.BodyHandlers.ofString());
                assertThat(metrics.statusCode()).isEqualTo(200);
                assertThat(metrics.body()).contains("kafka_stream_thread_", "jvm_memory_used_bytes");
                HttpResponse<String> delete = http.send(HttpRequest.newBuilder(URI.create(b.url() + "/v1/stock/IT-TEE"))
                        .header("Authorization", "Bearer " + reader).DELETE().build(), HttpResponse.BodyHandlers.ofString());
                assertThat(delete.statusCode()).as("the stock is read-only here").isEqualTo(405);

                // The OpenAPI document it serves, held to the routes it answers.
                HttpResponse<String> document = http.send(HttpRequest.newBuilder(URI.create(b.url() + "/openapi.yml"))
                        .GET().build(), HttpResponse.BodyHandlers.ofString());
                assertThat(document.statusCode()).isEqualTo(200);
                assertThat(document.headers().firstValue("Content-Type")).contains("application/yaml");
                assertThat(OpenApiContract.differences(document.body(), b.routes().stream()
                        .collect(Collectors.toMap(JsonHttp.Route::path, JsonHttp.Route::exact)), http, b.url(), reader))
                        .isEmpty();

                // The analysts' replay as of now agrees with the live projection.
                ByteArrayOutputStream progress = new ByteArrayOutputStream();
                Map<String, Position> replayed = StockReplay.read(kafka.bootstrapServers(), registryUrl,
                        new PrintStream(progress, true, StandardCharsets.UTF_8)).asOf(Instant.now());
                // the commit marker takes an offset too: the bar still ends at 100 %
                assertThat(progress.toString(StandardCharsets.UTF_8)).contains("100% of the log");
                JsonNode live = json(a.url() + "/v1/stock/IT-TEE");
                for (JsonNode location : live.get("locations")) {
                    assertThat(replayed.get(location.get("locationId").asText() + "|IT-TEE").onHand())
                            .isEqualTo(location.get("onHand").asInt());
                }
                StringWriter csv = new StringWriter();
                StockReplay.writeCsv(replayed, "IT-TEE", "S003", csv);
                assertThat(csv.toString()).contains("S003,IT-TEE,2,0,2026-11-26T10:01:00Z,2026-11-26T10:00:00Z");
            }
        }
    }

    /**
     * While an instance leaves and a new one joins (two rebalances, the ledger moving both ways), every
     * answer of the other instance is either the full, correct figure or 503 with Retry-After.
     */
    @Test
    void shouldNeverAnswerAWrongFigureWhileTheLedgerMoves(KafkaCluster kafka) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            new TopicProvisioner(admin, 4, (short) 1).provision(Topics.ALL);
            String applicationId = "stock-projector-rebalance-it-" + UUID.randomUUID();
            String registryUrl = registry.url().toString();
            reader = issue(kafka, "webshop-" + UUID.randomUUID(), Role.STOCK_READER);
            String url;
            List<HttpResponse<String>> answers = new CopyOnWriteArrayList<>();
            try (StockProjector a = StockProjector.start(settings(applicationId, kafka, registryUrl, "a"))) {
                url = a.url() + "/v1/stock/IT-REB";
                StockProjector b = StockProjector.start(settings(applicationId, kafka, registryUrl, "b"));
                await().atMost(Duration.ofSeconds(60)).until(() -> running(a) && running(b)
                        && a.streams().streamsMetadataForStore(StockTopology.LEDGER_STORE).size() == 2);
                publish(kafka, registryUrl, "IT-REB");
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                        .until(() -> json(url), body -> body != null && body.get("ats").asInt() == 35);

                Thread poller = new Thread(() -> poll(url, answers), "stock-poller");
                poller.setDaemon(true);
                poller.start();
                b.close();
                int afterLeave = answers.size();
                await().atMost(Duration.ofSeconds(60)).until(() -> okSince(answers, afterLeave));
                StockProjector rejoined = StockProjector.start(settings(applicationId, kafka, registryUrl, "b"));
                await().atMost(Duration.ofSeconds(60)).until(() -> running(rejoined)
                        && a.streams().streamsMetadataForStore(StockTopology.LEDGER_STORE).size() == 2);
                int afterJoin = answers.size();
                await().atMost(Duration.ofSeconds(60)).until(() -> okSince(answers, afterJoin));
                poller.interrupt();
                poller.join(5_000);
                rejoined.close();
            }
            assertThat(answers).as("answers while the ledger moved").hasSizeGreaterThan(10);
            for (HttpResponse<String> answer : answers) {
                if (answer.statusCode() == 200) {
                    JsonNode body = JSON.readTree(answer.body());
                    assertThat(body.get("locations")).as("every store in %s", answer.body()).hasSize(STORES);
                    assertThat(body.get("ats").asInt()).as(answer.body()).isEqualTo(35);
                } else {
                    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(503);
                    assertThat(answer.headers().firstValue("Retry-After")).isPresent();
                }
            }
        }
    }

    private void poll(String url, List<HttpResponse<String>> answers) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + reader)
                .timeout(Duration.ofSeconds(5)).GET().build();
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (!Thread.currentThread().isInterrupted() && System.nanoTime() < deadline) {
            try {
                answers.add(http.send(request, HttpResponse.BodyHandlers.ofString()));
                Thread.sleep(25);
            } catch (InterruptedException e) {
                return;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static boolean okSince(List<HttpResponse<String>> answers, int from) {
        return answers.subList(from, answers.size()).stream().anyMatch(r -> r.statusCode() == 200);
    }

    /** Store i counts i units of {@code sku}; store 3 then sells one. */
    private static void publish(KafkaCluster kafka, String registryUrl, String sku) {
        SchemaRegistryClient client = new SchemaRegistryClient(registryUrl);
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        try (var adjustments = new KafkaProducer<>(config, new StringSerializer(),
                new ConfluentAvroSerde<SpecificRecord>(client, Topics.STOCK_ADJUSTMENTS.valueSchema()).serializer());
             // transactional, as pos-ingest's batches are: the log then holds a commit marker too
             var transactions = new KafkaProducer<>(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                     kafka.bootstrapServers(), ProducerConfig.TRANSACTIONAL_ID_CONFIG, "it-" + sku), new StringSerializer(),
                     new ConfluentAvroSerde<PosTransaction>(client, Topics.POS_TRANSACTIONS.valueSchema()).serializer())) {
            for (int i = 1; i <= STORES; i++) {
                String store = String.format("S%03d", i);
                adjustments.send(new ProducerRecord<>(Topics.STOCK_ADJUSTMENTS.name(), store, Stocktake.newBuilder()
                        .setStocktakeId(store + "-" + sku + "-C1").setStoreId(store).setCountedAt(T0).setReceivedAt(T0)
                        .setScope(StocktakeScope.PARTIAL).setCounts(List.of(new StockCount(sku, i))).build()));
            }
            adjustments.flush();
            Instant later = T0.plusSeconds(60);
            transactions.initTransactions();
            transactions.beginTransaction();
            transactions.send(new ProducerRecord<>(Topics.POS_TRANSACTIONS.name(), "S003", PosTransaction.newBuilder()
                    .setTransactionId("S003-" + sku + "-T1").setStoreId("S003").setTillId("T1")
                    .setType(TransactionType.SALE)
                    .setOccurredAt(later).setReceivedAt(later).setBusinessDate(LocalDate.of(2026, 11, 26))
                    .setCurrency("GBP")
                    .setLines(List.of(TransactionLine.newBuilder().setSku(sku).setQuantity(1)
                            .setUnitPrice(new BigDecimal("25.0000")).setDiscount(new BigDecimal("0.0000"))
                            .setTax(new BigDecimal("0.0000")).build()))
                    .setTenders(List.of(new Tender("CARD", new BigDecimal("25.0000"), null)))
                    .build()));
            transactions.commitTransaction();
        }
    }

    private StreamsSettings settings(String applicationId, KafkaCluster kafka, String registryUrl, String name)
            throws IOException {
        return StreamsSettings.local(applicationId, kafka.bootstrapServers(), registryUrl, stateDir.resolve(name),
                freePort());
    }

    private static String issue(KafkaCluster kafka, String name, Role role) throws InterruptedException {
        try (TokenAdmin tokens = new TokenAdmin(Map.of("bootstrap.servers", kafka.bootstrapServers()),
                new SchemaRegistryClient(registry.url().toString()), "cli:test", Clock.systemUTC())) {
            return tokens.issue(name, role);
        }
    }

    private static boolean running(StockProjector projector) {
        return projector.streams().state() == KafkaStreams.State.RUNNING;
    }

    private JsonNode json(String url) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + reader).GET().build(), HttpResponse.BodyHandlers.ofString());
        return response.statusCode() == 200 ? JSON.readTree(response.body()) : null;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
