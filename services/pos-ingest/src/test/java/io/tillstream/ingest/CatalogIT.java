package io.tillstream.ingest;

import static io.tillstream.ingest.IngestApp.TOKEN_S001;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tillstream.schemas.CatalogEntry;
import io.tillstream.schemas.Topics;
import io.tillstream.testkit.KafkaCluster;
import io.tillstream.testkit.KafkaExtension;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The tills' copy of Centra's catalogue, followed from centra.catalog.v1 on a real broker, over real HTTP. */
@ExtendWith(KafkaExtension.class)
class CatalogIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Sizes and barcodes of this run: the broker is shared with other test classes of the JVM. */
    private static final long RUN = System.nanoTime() % 1_000_000;

    @TempDir
    static Path dir;
    private static IngestApp app;

    @BeforeAll
    static void start(KafkaCluster kafka) throws Exception {
        app = IngestApp.start(kafka.bootstrapServers(), dir, Map.of());
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void shouldServeTheWholeCatalogueThenOnlyWhatChangedSinceTheTillsCopy() throws Exception {
        String prefix = "R" + RUN + "A";
        String cap = prefix + "-CAP";
        String tee = prefix + "-TEE-M";
        app.publish(Topics.CENTRA_CATALOG, cap, entry(cap, barcode(1), true));
        app.publish(Topics.CENTRA_CATALOG, tee, entry(tee, barcode(2), true));

        // one size a page, from this run's first SKU
        JsonNode first = await("/v1/catalog?after=" + prefix + "&limit=1",
                page -> page.path("sizes").size() == 1 && page.path("next").asText().equals(cap));
        assertThat(first.path("sizes").get(0).path("ean").asText()).isEqualTo(barcode(1));
        assertThat(first.path("sizes").get(0).path("active").asBoolean()).isTrue();
        JsonNode second = body(get("/v1/catalog?after=" + cap + "&limit=1", Map.of()), 200);
        assertThat(second.path("sizes").get(0).path("sku").asText()).isEqualTo(tee);
        JsonNode last = body(get("/v1/catalog?after=" + tee.replace("-TEE-M", "~"), Map.of()), 200);
        assertThat(last.has("next") && last.path("next").isNull()).as("the last page says so: " + last).isTrue();
        String cursor = second.path("cursor").asText();

        HttpResponse<String> unchanged = get("/v1/catalog?since=" + cursor, Map.of("If-None-Match", "\"" + cursor + "\""));
        assertThat(unchanged.statusCode()).as("nothing changed since the till's copy").isEqualTo(304);
        JsonNode nothing = body(get("/v1/catalog?since=" + cursor, Map.of()), 200);
        assertThat(nothing.has("changed") && nothing.has("removed")).as("one shape, empty lists included: " + nothing)
                .isTrue();
        assertThat(nothing.path("changed")).isEmpty();

        // Centra deactivates the tee and the cap is removed
        app.publish(Topics.CENTRA_CATALOG, tee, entry(tee, barcode(2), false));
        app.publish(Topics.CENTRA_CATALOG, cap, null);
        JsonNode changes = await("/v1/catalog?since=" + cursor, c -> c.path("removed").toString().contains(cap)
                && c.path("changed").toString().contains(tee));
        assertThat(changes.path("changed")).hasSize(1);
        assertThat(changes.path("changed").get(0).path("active").asBoolean()).isFalse();
        assertThat(changes.path("removed")).extracting(JsonNode::asText).containsExactly(cap);
        assertThat(changes.path("cursor").asText()).isNotEqualTo(cursor);
    }

    @Test
    void shouldResolveAScannedBarcodeToItsSize() throws Exception {
        String sku = "R" + RUN + "B-SCARF";
        app.publish(Topics.CENTRA_CATALOG, sku, entry(sku, barcode(3), true));

        JsonNode size = await("/v1/catalog/barcodes/" + barcode(3), s -> s.path("sku").asText().equals(sku));
        assertThat(size.path("productNumber").asText()).isEqualTo("P-" + sku);
        assertThat(size.path("productName").asText()).isEqualTo("Scarf");
        assertThat(size.path("variantName").asText()).isEqualTo("Black");

        HttpResponse<String> unknown = get("/v1/catalog/barcodes/" + barcode(9), Map.of());
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(get("/v1/catalog/barcodes/12ab", Map.of()).statusCode()).isEqualTo(400);
    }

    @Test
    void shouldRefuseABadCursorOrLimitAndACallerWithoutAStoreToken() throws Exception {
        HttpResponse<String> cursor = get("/v1/catalog?since=yesterday", Map.of());
        assertThat(cursor.statusCode()).isEqualTo(400);
        assertThat(body(cursor, 400).path("errors").get(0).path("field").asText()).isEqualTo("since");
        assertThat(body(get("/v1/catalog?limit=0", Map.of()), 400).path("errors").get(0).path("field").asText())
                .isEqualTo("limit");
        assertThat(app.get("/v1/catalog").statusCode()).isEqualTo(401);
    }

    private static CatalogEntry entry(String sku, String ean, boolean active) {
        return CatalogEntry.newBuilder().setSku(sku).setProductId(1).setProductNumber("P-" + sku).setVariantId(2)
                .setVariantNumber("V-" + sku).setSizeId(3).setSizeName("M").setEan(ean).setActive(active)
                .setProductName(sku.endsWith("SCARF") ? "Scarf" : "Tee").setVariantName("Black")
                .setObservedAt(Instant.now()).build();
    }

    /** A 13-digit barcode unique to this run. */
    private static String barcode(int n) {
        return String.format("57%06d%05d", RUN, n);
    }

    private static HttpResponse<String> get(String path, Map<String, String> headers) throws Exception {
        return app.get(path, TOKEN_S001, headers);
    }

    private static JsonNode body(HttpResponse<String> response, int status) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        return JSON.readTree(response.body());
    }

    /** Asks until the answer shows what the feed must have read by now (it follows the topic on its own thread). */
    private static JsonNode await(String path, Predicate<JsonNode> shows) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        HttpResponse<String> last;
        do {
            last = get(path, Map.of());
            if (last.statusCode() == 200 && shows.test(JSON.readTree(last.body()))) {
                return JSON.readTree(last.body());
            }
            Thread.sleep(200);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("GET " + path + " never showed it; last: " + last.statusCode() + " " + last.body());
    }
}
