package io.tillstream.ingest;

import static io.tillstream.ingest.IngestApp.TOKEN_S001;
import static io.tillstream.ingest.IngestApp.TOKEN_S002;
import static io.tillstream.ingest.IngestApp.sale;
import static org.assertj.core.api.Assertions.assertThat;

import io.tillstream.schemas.StockCount;
import io.tillstream.schemas.Stocktake;
import io.tillstream.schemas.StocktakeScope;
import io.tillstream.schemas.Topics;
import io.tillstream.testkit.KafkaCluster;
import io.tillstream.testkit.KafkaExtension;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** CSV stocktakes, the per-store rate limit, /metrics and /openapi.yml over real HTTP on a real broker. */
@ExtendWith(KafkaExtension.class)
class IngestEndpointsIT {

    private static final int BURST = 20;

    @TempDir
    static Path dir;
    private static IngestApp app;

    @BeforeAll
    static void start(KafkaCluster kafka) throws Exception {
        // A budget small enough to exhaust in a test, large enough for the other tests of this class.
        app = IngestApp.start(kafka.bootstrapServers(), dir, Map.of(
                "tillstream.ingest.rate-limit.per-second", 1, "tillstream.ingest.rate-limit.burst", BURST));
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void shouldAppendACsvStocktakeWithTheQueryFields() throws Exception {
        HttpResponse<String> response = app.post(csvPath("S001-CSV-1", "S001", Instant.now().toString(), "PARTIAL"),
                TOKEN_S001, "text/csv", "sku,quantity\nCAS-TEE-BLK-M,9\nCAS-TEE-BLK-L,0\n");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        Stocktake stocktake = app.committed(Topics.STOCK_ADJUSTMENTS).stream()
                .filter(r -> r instanceof Stocktake s && s.getStocktakeId().equals("S001-CSV-1"))
                .map(Stocktake.class::cast).findFirst().orElseThrow();
        assertThat(stocktake.getScope()).isEqualTo(StocktakeScope.PARTIAL);
        assertThat(stocktake.getCounts()).containsExactly(new StockCount("CAS-TEE-BLK-M", 9),
                new StockCount("CAS-TEE-BLK-L", 0));
    }

    @Test
    void shouldNameTheLinesOfAnInvalidCsvAndTheMissingQueryFields() throws Exception {
        HttpResponse<String> badLines = app.post(csvPath("S001-CSV-2", "S001", Instant.now().toString(), "FULL"),
                TOKEN_S001, "text/csv", "sku,quantity\nA-1,1\nA-2,lots\nA-1,3\n");
        HttpResponse<String> duplicate = app.post(csvPath("S001-CSV-3", "S001", Instant.now().toString(), "FULL"),
                TOKEN_S001, "text/csv", "sku,quantity\nA-1,1\nA-1,3\n");
        HttpResponse<String> noQuery = app.post("/v1/stocktakes", TOKEN_S001, "text/csv", "sku,quantity\nA-1,1\n");

        assertThat(badLines.statusCode()).isEqualTo(400);
        assertThat(badLines.body()).contains("\"field\":\"line 3\"").doesNotContain("line 2");
        assertThat(duplicate.statusCode()).isEqualTo(400);
        assertThat(duplicate.body()).contains("{\"field\":\"line 3\",\"message\":\"sku is counted twice: A-1\"}");
        assertThat(noQuery.statusCode()).isEqualTo(400);
        assertThat(noQuery.body()).contains("\"field\":\"stocktakeId\"", "\"field\":\"storeId\"",
                "\"field\":\"countedAt\"", "\"field\":\"scope\"");
    }

    @Test
    void shouldHoldARunawayStoreToItsBudgetWithoutStarvingTheOthers() throws Exception {
        List<HttpResponse<String>> responses = new ArrayList<>();
        for (int i = 0; i < BURST + 5; i++) {
            responses.add(app.post("/v1/transactions", TOKEN_S002, sale("S002-RL-" + i, "S002", Instant.now().toString())));
        }
        HttpResponse<String> otherStore = app.post("/v1/transactions", TOKEN_S001,
                sale("S001-RL-1", "S001", Instant.now().toString()));

        assertThat(responses).extracting(HttpResponse::statusCode).containsOnly(202, 429).contains(429);
        HttpResponse<String> limited = responses.stream().filter(r -> r.statusCode() == 429).findFirst().orElseThrow();
        assertThat(limited.headers().firstValue("Retry-After")).hasValueSatisfying(
                v -> assertThat(Integer.parseInt(v)).isBetween(1, 2));
        assertThat(limited.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(otherStore.statusCode()).isEqualTo(202);
    }

    @Test
    void shouldCountAcceptedAndRejectedItemsPerEndpointForPrometheus() throws Exception {
        double acceptedBefore = counter("transactions", "accepted");
        double rejectedBefore = counter("transactions", "rejected");
        app.post("/v1/transactions", TOKEN_S001, sale("S001-M-1", "S001", Instant.now().toString()));
        app.post("/v1/transactions", TOKEN_S001, "{\"transactionId\":");

        assertThat(counter("transactions", "accepted")).isEqualTo(acceptedBefore + 1);
        assertThat(counter("transactions", "rejected")).isEqualTo(rejectedBefore + 1);
        assertThat(counter("transactions-batch", "accepted")).isNotNegative();
        HttpResponse<String> metrics = app.get("/metrics");
        assertThat(metrics.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
        assertThat(metrics.body()).contains("http_server_requests_seconds_count", "jvm_memory_used_bytes");
        assertThat(app.get("/health").statusCode()).as("health beside the metrics").isEqualTo(200);
    }

    @Test
    void shouldServeTheGeneratedOpenApiSpec() throws Exception {
        HttpResponse<String> spec = app.get("/openapi.yml");

        assertThat(spec.statusCode()).isEqualTo(200);
        assertThat(spec.body()).startsWith("openapi: 3").contains("/v1/transactions/batch:", "/v1/stocktakes:",
                "/v1/stock-adjustments:", "text/csv", "TransactionRequest:", "scheme: bearer")
                .doesNotContain("/openapi.yml:", "/metrics:");
    }

    private static String csvPath(String id, String store, String at, String scope) {
        return "/v1/stocktakes?stocktakeId=" + id + "&storeId=" + store + "&countedAt=" + at + "&scope=" + scope;
    }

    private static double counter(String endpoint, String outcome) throws Exception {
        Matcher m = Pattern.compile("tillstream_ingest_items_total\\{endpoint=\"" + endpoint + "\",outcome=\""
                + outcome + "\"} (\\S+)").matcher(app.get("/metrics").body());
        assertThat(m.find()).as("counter %s/%s on /metrics", endpoint, outcome).isTrue();
        return Double.parseDouble(m.group(1));
    }
}
