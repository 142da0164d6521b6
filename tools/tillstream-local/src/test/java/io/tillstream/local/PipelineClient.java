package io.tillstream.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

/** What a user of the running pipeline does: read endpoints.json, call the HTTP surfaces. */
final class PipelineClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final JsonNode endpoints;

    PipelineClient(Path dataDir) throws IOException {
        this.endpoints = JSON.readTree(dataDir.resolve("endpoints.json").toFile());
    }

    String url(String service) {
        return endpoints.get(service).asText();
    }

    String token(String storeId) {
        for (JsonNode store : endpoints.get("stores")) {
            if (store.get("storeId").asText().equals(storeId)) {
                return store.get("token").asText();
            }
        }
        throw new IllegalArgumentException("no store " + storeId);
    }

    HttpResponse<String> post(String url, String bearer, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(15))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> send(String method, String url, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(15))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The API token endpoints.json keeps for a role (RETAIL_OPS, ..., STOCK_READER). */
    String roleToken(String role) {
        return endpoints.get("roles").get(role).asText();
    }

    /** As the integration team, whose token reads stock and every exception. */
    HttpResponse<String> get(String url) throws Exception {
        return get(url, roleToken("INTEGRATION"));
    }

    HttpResponse<String> get(String url, String bearer) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(15));
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    JsonNode json(HttpResponse<String> response) throws IOException {
        return JSON.readTree(response.body());
    }

    /** Physical stock of a size in a Centra warehouse, read through Centra's GraphQL API. */
    int centraPhysical(String centraToken, int warehouseId, String sku) throws Exception {
        String query = "{\"query\":\"query($sku: String!) { productSizes(where: {SKU: $sku}) { SKU stock { warehouse { id } physicalQuantity } } }\","
                + "\"variables\":{\"sku\":\"" + sku + "\"}}";
        JsonNode data = json(post(url("centra") + "/graphql", centraToken, query)).path("data");
        for (JsonNode stock : data.path("productSizes").path(0).path("stock")) {
            if (stock.path("warehouse").path("id").asInt() == warehouseId) {
                return stock.path("physicalQuantity").asInt();
            }
        }
        return 0;
    }

    static String sale(String transactionId, String storeId, String sku, int quantity, String unitPrice) {
        String total = new java.math.BigDecimal(unitPrice).multiply(java.math.BigDecimal.valueOf(quantity)).toPlainString();
        return """
                {"transactionId": "%s", "storeId": "%s", "tillId": "T01", "type": "SALE",
                 "occurredAt": "%s", "currency": "GBP",
                 "lines": [{"sku": "%s", "quantity": %d, "unitPrice": "%s", "discount": "0.00", "tax": "0.00"}],
                 "tenders": [{"method": "CARD", "amount": "%s"}]}"""
                .formatted(transactionId, storeId, java.time.Instant.now(), sku, quantity, unitPrice, total);
    }
}
