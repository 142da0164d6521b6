package io.tillstream.local.sample;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives the sample stores their opening stock the way a real store would: a FULL stocktake
 * posted to pos-ingest, which the projector folds and the sink pushes into the store's Centra
 * warehouse. Done once per data directory.
 */
public final class OpeningStock {

    private static final Logger log = LoggerFactory.getLogger(OpeningStock.class);
    private static final String MARKER = "opening-stock.done";

    private OpeningStock() {
    }

    public static void postOnce(Path dataDir, String ingestUrl, List<SampleStore> stores, SampleCatalog catalog) {
        Path marker = dataDir.resolve(MARKER);
        if (Files.exists(marker)) {
            return;
        }
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        ObjectMapper json = new ObjectMapper();
        for (SampleStore store : stores) {
            ObjectNode body = json.createObjectNode()
                    .put("stocktakeId", store.storeId() + "-OPENING")
                    .put("storeId", store.storeId())
                    .put("countedAt", Instant.now().minusSeconds(1).toString())
                    .put("scope", "FULL");
            ArrayNode counts = body.putArray("counts");
            for (int[] count : catalog.openingCounts(store.storeId())) {
                counts.addObject().put("sku", catalog.skus().get(count[0]).sku()).put("quantity", count[1]);
            }
            post(http, ingestUrl + "/v1/stocktakes", store.token(), body.toString());
        }
        try {
            Files.writeString(marker, Instant.now().toString());
        } catch (IOException e) {
            log.warn("Could not mark opening stock as posted: {}", e.toString());
        }
        log.info("Posted opening stocktakes for {} store(s)", stores.size());
    }

    private static void post(HttpClient http, String url, String token, String body) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofSeconds(15))
                    .header("Content-Type", "application/json")
                    .header("Authorization", "Bearer " + token)
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 202) {
                throw new IllegalStateException("Opening stocktake refused: HTTP " + response.statusCode() + " "
                        + response.body());
            }
        } catch (IOException e) {
            throw new IllegalStateException("Could not post the opening stocktake to " + url, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted posting the opening stocktake", e);
        }
    }
}
