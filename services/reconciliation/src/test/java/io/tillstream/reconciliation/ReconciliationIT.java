package io.tillstream.reconciliation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tillstream.domain.stores.StoreDirectory;
import io.tillstream.registry.client.SchemaRegistryClient;
import io.tillstream.registry.serde.ConfluentAvroSerde;
import io.tillstream.registry.server.EmbeddedSchemaRegistry;
import io.tillstream.schemas.PosTransaction;
import io.tillstream.schemas.Role;
import io.tillstream.schemas.Tender;
import io.tillstream.schemas.TopicProvisioner;
import io.tillstream.schemas.Topics;
import io.tillstream.schemas.TransactionLine;
import io.tillstream.schemas.TransactionType;
import io.tillstream.service.access.TokenAdmin;
import io.tillstream.service.http.JsonHttp;
import io.tillstream.service.streams.StreamsSettings;
import io.tillstream.testkit.KafkaCluster;
import io.tillstream.testkit.KafkaExtension;
import io.tillstream.testkit.openapi.OpenApiContract;
import java.math.BigDecimal;
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
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Finance on a real broker: a day closes and is published, a payout that does not match raises
 * SETTLEMENT_MISMATCH, and a late transaction amends the day, raises LATE_TRANSACTION and clears the mismatch.
 */
@ExtendWith(KafkaExtension.class)
class ReconciliationIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** S001 trades on UTC and closes at midnight, so yesterday is closed as soon as we start. */
    private static final LocalDate YESTERDAY = LocalDate.now(ZoneOffset.UTC).minusDays(1);
    private static final Instant CLOSE = YESTERDAY.atStartOfDay().toInstant(ZoneOffset.UTC);

    private final HttpClient http = HttpClient.newHttpClient();
    private String finance;
    private String retailOps;

    @TempDir
    Path dir;

    @Test
    void shouldPublishMatchAndAmendADayOnARealBroker(KafkaCluster kafka) throws Exception {
        Path stores = Files.writeString(dir.resolve("stores.yml"), """
                stores:
                  - {storeId: S001, name: "IT store", timezone: UTC, centraWarehouseId: 1, dayClose: "00:00",
                     tokenSha256: "00"}
                """);
        ReconciliationSettings rules = new ReconciliationSettings(StoreDirectory.load(stores), Duration.ZERO,
                new BigDecimal("0.01"), Duration.ofHours(48), Duration.ofHours(1), Duration.ofMillis(500));
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()));
             // schemas in _schemas on the shared broker: the ids mean the same to every test class's app
             EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.start(kafka.bootstrapServers(), 0)) {
            new TopicProvisioner(admin, 2, (short) 1).provision(Topics.ALL);
            String registryUrl = registry.url().toString();
            try (KafkaProducer<String, PosTransaction> tills = tills(kafka, registryUrl);
                 Reconciliation reconciliation = Reconciliation.start(StreamsSettings.local(
                         "reconciliation-it-" + UUID.randomUUID(), kafka.bootstrapServers(), registryUrl,
                         dir.resolve("state"), 0), rules)) {
                String carol = "carol-" + UUID.randomUUID();
                String olle = "olle-" + UUID.randomUUID();
                try (TokenAdmin tokens = new TokenAdmin(Map.of("bootstrap.servers", kafka.bootstrapServers()),
                        new SchemaRegistryClient(registryUrl), "cli:test", Clock.systemUTC())) {
                    finance = tokens.issue(carol, Role.FINANCE);
                    retailOps = tokens.issue(olle, Role.RETAIL_OPS);
                }
                String day = reconciliation.url() + "/v1/finance/daily-totals?storeId=S001&businessDate=" + YESTERDAY;
                // no token: 401; retail ops may see exceptions but not a store's money
                assertThat(status(day, null)).isEqualTo(401);
                assertThat(status(day, retailOps)).isEqualTo(403);
                assertThat(await().atMost(Duration.ofSeconds(30)).until(() -> status(reconciliation.url()
                        + "/v1/exceptions?storeId=S001", retailOps), s -> s != 503)).as("once the view is loaded").isEqualTo(200);
                // The OpenAPI document it serves, held to the routes it answers (finance's token: every
                // route answers it, or refuses it as the document says).
                HttpResponse<String> document = http.send(HttpRequest.newBuilder(URI.create(reconciliation.url()
                        + "/openapi.yml")).GET().build(), HttpResponse.BodyHandlers.ofString());
                assertThat(document.statusCode()).isEqualTo(200);
                assertThat(OpenApiContract.differences(document.body(), reconciliation.routes().stream()
                        .collect(Collectors.toMap(JsonHttp.Route::path, JsonHttp.Route::exact)), http,
                        reconciliation.url(), finance)).isEmpty();
                tills.send(new ProducerRecord<>(Topics.POS_TRANSACTIONS.name(), "S001",
                        sale("IT-1", "45.00", CLOSE.minus(Duration.ofHours(2))))).get();

                JsonNode published = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300))
                        .until(() -> json(day), d -> d != null && d.get("version").asInt() == 1);
                assertThat(published.get("final").asBoolean()).isTrue();
                assertThat(published.get("tenders").get(0).get("net").asText()).isEqualTo("45.00");

                HttpResponse<String> posted = http.send(HttpRequest.newBuilder(
                                URI.create(reconciliation.url() + "/v1/settlements"))
                        .header("Authorization", "Bearer " + finance).header("X-Request-Id", "upload-" + carol)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("[{\"provider\": \"ADYEN\", \"storeId\": \"S001\","
                                + " \"businessDate\": \"" + YESTERDAY + "\", \"currency\": \"GBP\", \"amount\": \"48.00\","
                                + " \"fees\": \"1.00\"}]")).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(posted.statusCode()).as(posted.body()).isEqualTo(202);
                // the upload is in the audit trail, by whom, with the request id; so is the token's issue
                JsonNode trail = await().atMost(Duration.ofSeconds(30)).until(
                        () -> json(reconciliation.url() + "/v1/audit?limit=1000"), list -> list != null
                                && list.findValuesAsText("requestId").contains("upload-" + carol));
                JsonNode upload = trail.get(trail.findValuesAsText("requestId").indexOf("upload-" + carol));
                assertThat(upload.get("actor").asText()).isEqualTo(carol);
                assertThat(upload.get("role").asText()).isEqualTo("FINANCE");
                assertThat(upload.get("action").asText()).isEqualTo("SETTLEMENTS_UPLOADED");
                assertThat(trail.findValuesAsText("target")).contains(carol, olle);
                // other test classes share the broker and the exceptions topic: only S001's count
                String mismatch = reconciliation.url()
                        + "/v1/exceptions?type=SETTLEMENT_MISMATCH&status=OPEN&storeId=S001";
                JsonNode open = await().atMost(Duration.ofSeconds(60)).until(() -> json(mismatch), list -> list.size() == 1);
                // finance takes it on; retail ops may not for finance
                String acknowledge = reconciliation.url() + "/v1/exceptions/"
                        + URLEncoder.encode(open.get(0).get("id").asText(), StandardCharsets.UTF_8) + "/acknowledge";
                assertThat(post(acknowledge, retailOps, "{}").statusCode()).isEqualTo(403);
                HttpResponse<String> taken = post(acknowledge, finance, "{\"note\": \"asking Adyen about the 4.00\"}");
                assertThat(taken.statusCode()).as(taken.body()).isEqualTo(200);
                assertThat(JSON.readTree(taken.body()).get("acknowledgedBy").asText()).isEqualTo(carol);
                await().atMost(Duration.ofSeconds(30)).until(() -> json(mismatch),
                        list -> list.size() == 1 && carol.equals(list.get(0).path("acknowledgedBy").asText())
                                && list.get(0).path("acknowledgementNote").asText().contains("Adyen"));

                // the till that was offline posts the missing 4.00 today: late, and it makes the payout match
                tills.send(new ProducerRecord<>(Topics.POS_TRANSACTIONS.name(), "S001",
                        sale("IT-2", "4.00", Instant.now()))).get();
                await().atMost(Duration.ofSeconds(60)).until(() -> json(day), d -> d.get("version").asInt() == 2);
                await().atMost(Duration.ofSeconds(60)).until(
                        () -> json(reconciliation.url()
                                + "/v1/exceptions?type=SETTLEMENT_MISMATCH&status=RESOLVED&storeId=S001"),
                        list -> list.size() == 1);
                assertThat(post(acknowledge, finance, "").statusCode()).as("nothing left to take on").isEqualTo(409);
                JsonNode actions = json(reconciliation.url() + "/v1/audit?limit=1000");
                assertThat(actions.findValuesAsText("action")).contains("EXCEPTION_ACKNOWLEDGED");
                JsonNode late = json(reconciliation.url()
                        + "/v1/exceptions?type=LATE_TRANSACTION&status=OPEN&storeId=S001");
                assertThat(late).hasSize(1);
                assertThat(late.get(0).get("owner").asText()).isEqualTo("FINANCE");

                // a resource answers its own path and method only
                HttpResponse<String> delete = http.send(HttpRequest.newBuilder(URI.create(reconciliation.url()
                        + "/v1/exceptions")).header("Authorization", "Bearer " + finance).DELETE().build(),
                        HttpResponse.BodyHandlers.ofString());
                HttpResponse<String> byId = http.send(HttpRequest.newBuilder(URI.create(reconciliation.url()
                        + "/v1/exceptions/SETTLEMENT_MISMATCH")).header("Authorization", "Bearer " + finance).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(delete.statusCode()).isEqualTo(405);
                assertThat(byId.statusCode()).isEqualTo(404);
                assertThat(byId.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            }
        }
    }

    private static KafkaProducer<String, PosTransaction> tills(KafkaCluster kafka, String registryUrl) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                new StringSerializer(), new ConfluentAvroSerde<PosTransaction>(new SchemaRegistryClient(registryUrl),
                Topics.POS_TRANSACTIONS.valueSchema()).serializer());
    }

    private static PosTransaction sale(String id, String amount, Instant receivedAt) {
        BigDecimal price = new BigDecimal(amount).setScale(4);
        return PosTransaction.newBuilder().setTransactionId(id).setStoreId("S001").setTillId("T01")
                .setType(TransactionType.SALE).setOccurredAt(CLOSE.minus(Duration.ofHours(3)))
                .setReceivedAt(receivedAt).setBusinessDate(YESTERDAY).setCurrency("GBP")
                .setLines(List.of(TransactionLine.newBuilder().setSku("IT-TEE").setQuantity(1).setUnitPrice(price)
                        .setDiscount(BigDecimal.ZERO.setScale(4)).setTax(BigDecimal.ZERO.setScale(4)).build()))
                .setTenders(List.of(Tender.newBuilder().setMethod("CARD").setAmount(price).setReference(null).build()))
                .build();
    }

    private JsonNode json(String url) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + finance).build(), HttpResponse.BodyHandlers.ofString());
        return response.statusCode() == 200 ? JSON.readTree(response.body()) : null;
    }

    private HttpResponse<String> post(String url, String token, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private int status(String url, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
