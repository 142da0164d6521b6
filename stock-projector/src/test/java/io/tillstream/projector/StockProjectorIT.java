package io.tillstream.projector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tillstream.projector.ledger.Position;
import io.tillstream.projector.replay.StockReplay;
import io.tillstream.projector.topology.StockTopology;
import io.tillstream.registry.client.SchemaRegistryClient;
import io.tillstream.registry.serde.ConfluentAvroSerde;
import io.tillstream.registry.server.EmbeddedSchemaRegistry;
import io.tillstream.schemas.PosTransaction;
import io.tillstream.schemas.StockCount;
import io.tillstream.schemas.Stocktake;
import io.tillstream.schemas.StocktakeScope;
import io.tillstream.schemas.Tender;
import io.tillstream.schemas.TopicProvisioner;
import io.tillstream.schemas.Topics;
import io.tillstream.schemas.TransactionLine;
import io.tillstream.schemas.TransactionType;
import io.tillstream.service.StreamsSettings;
import io.tillstream.testkit.KafkaCluster;
import io.tillstream.testkit.KafkaExtension;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two projector instances on a real broker: either one answers for every store, forwarding to the
 * other, and the analysts' replay agrees with them.
 */
@ExtendWith(KafkaExtension.class)
class StockProjectorIT {

    private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");
    private static final int STORES = 8;
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path stateDir;

    @Test
    void shouldAnswerEveryLocationAndHistoryFromEitherInstance(KafkaCluster kafka) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()));
             EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.startInMemory(0)) {
            new TopicProvisioner(admin, 4, (short) 1).provision(Topics.ALL);
            String applicationId = "stock-projector-it-" + UUID.randomUUID();
            String registryUrl = registry.url().toString();
            try (StockProjector a = StockProjector.start(settings(applicationId, kafka, registryUrl, "a"));
                 StockProjector b = StockProjector.start(settings(applicationId, kafka, registryUrl, "b"))) {
                // Both must own ledger partitions, or nothing here is forwarded.
                await().atMost(Duration.ofSeconds(60)).until(() -> running(a) && running(b)
                        && a.streams().streamsMetadataForStore(StockTopology.LEDGER_STORE).size() == 2);

                publish(kafka, registryUrl);

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
                    assertThat(history.get("changes").get(1).get("causeEventIds").get(0).asText()).isEqualTo("S003-T1");
                }

                // The analysts' replay as of now agrees with the live projection.
                Map<String, Position> replayed = StockReplay.read(kafka.bootstrapServers(), registryUrl,
                        new PrintStream(OutputStream.nullOutputStream())).asOf(Instant.now());
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

    /** Store i counts i units of IT-TEE; store 3 then sells one. */
    private static void publish(KafkaCluster kafka, String registryUrl) {
        SchemaRegistryClient client = new SchemaRegistryClient(registryUrl);
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        try (var adjustments = new KafkaProducer<>(config, new StringSerializer(),
                new ConfluentAvroSerde<SpecificRecord>(client, Topics.STOCK_ADJUSTMENTS.valueSchema()).serializer());
             var transactions = new KafkaProducer<>(config, new StringSerializer(),
                     new ConfluentAvroSerde<PosTransaction>(client, Topics.POS_TRANSACTIONS.valueSchema()).serializer())) {
            for (int i = 1; i <= STORES; i++) {
                String store = String.format("S%03d", i);
                adjustments.send(new ProducerRecord<>(Topics.STOCK_ADJUSTMENTS.name(), store, Stocktake.newBuilder()
                        .setStocktakeId(store + "-C1").setStoreId(store).setCountedAt(T0).setReceivedAt(T0)
                        .setScope(StocktakeScope.PARTIAL).setCounts(List.of(new StockCount("IT-TEE", i))).build()));
            }
            adjustments.flush();
            Instant later = T0.plusSeconds(60);
            transactions.send(new ProducerRecord<>(Topics.POS_TRANSACTIONS.name(), "S003", PosTransaction.newBuilder()
                    .setTransactionId("S003-T1").setStoreId("S003").setTillId("T1").setType(TransactionType.SALE)
                    .setOccurredAt(later).setReceivedAt(later).setBusinessDate(LocalDate.of(2026, 11, 26))
                    .setCurrency("GBP")
                    .setLines(List.of(TransactionLine.newBuilder().setSku("IT-TEE").setQuantity(1)
                            .setUnitPrice(new BigDecimal("25.0000")).setDiscount(new BigDecimal("0.0000"))
                            .setTax(new BigDecimal("0.0000")).build()))
                    .setTenders(List.of(new Tender("CARD", new BigDecimal("25.0000"), null)))
                    .build()));
        }
    }

    private StreamsSettings settings(String applicationId, KafkaCluster kafka, String registryUrl, String name)
            throws IOException {
        return StreamsSettings.local(applicationId, kafka.bootstrapServers(), registryUrl, stateDir.resolve(name),
                freePort());
    }

    private static boolean running(StockProjector projector) {
        return projector.streams().state() == KafkaStreams.State.RUNNING;
    }

    private JsonNode json(String url) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        return response.statusCode() == 200 ? JSON.readTree(response.body()) : null;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
