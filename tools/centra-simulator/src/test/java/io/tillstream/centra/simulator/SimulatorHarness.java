package io.tillstream.centra.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * A simulator on a free loopback port with a standing clock and a seeded catalogue, plus a real
 * HTTP client for /graphql and /_sim/. Close it after each test.
 */
final class SimulatorHarness implements AutoCloseable {

    static final String TOKEN = "test-token-1";
    static final Instant START = Instant.parse("2026-11-26T10:00:00Z");

    /** Three stores, a webshop warehouse first in the UK rule, one tee in three sizes. */
    static final String CATALOG = """
            {"warehouses": [{"id": 1, "name": "Store S001"}, {"id": 2, "name": "Store S002"},
                            {"id": 100, "name": "Webshop DC"}],
             "markets": [{"id": 1, "name": "UK", "allocationRule": [100, 1, 2]}],
             "products": [{"productNumber": "CAS-TEE", "name": "Casual tee", "variants": [
                {"variantNumber": "BLK", "name": "Black", "sizes": [
                   {"name": "S", "sku": "CAS-TEE-BLK-S", "gtin": "7350000000010"},
                   {"name": "M", "sku": "CAS-TEE-BLK-M", "gtin": "7350000000017"},
                   {"name": "L", "sku": "CAS-TEE-BLK-L", "gtin": "7350000000024"}]}]}],
             "stock": [{"warehouseId": 1, "sku": "CAS-TEE-BLK-M", "physical": 10},
                       {"warehouseId": 2, "sku": "CAS-TEE-BLK-M", "physical": 3},
                       {"warehouseId": 100, "sku": "CAS-TEE-BLK-M", "physical": 2}]}
            """;

    static final ObjectMapper JSON = new ObjectMapper();

    final MutableClock clock = new MutableClock(START);
    final CentraSimulator simulator;
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    SimulatorHarness() {
        this(c -> c);
    }

    SimulatorHarness(final UnaryOperator<SimulatorConfig> tweak) {
        simulator = CentraSimulator.start(tweak.apply(SimulatorConfig.defaults().withPort(0)
                .withApiTokens(Set.of(TOKEN)).withClock(clock).withTimeoutHold(Duration.ofSeconds(5))));
        simulator.applyCatalog(CATALOG);
    }

    /** POSTs a GraphQL request with the valid token. */
    HttpResponse<String> graphql(final String query, final Map<String, Object> variables) {
        return graphqlWith("Bearer " + TOKEN, query, variables);
    }

    HttpResponse<String> graphqlWith(final String authorization, final String query,
                                     final Map<String, Object> variables) {
        final HttpRequest.Builder request = graphqlRequest(query, variables).timeout(Duration.ofSeconds(10));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return send(request.build());
    }

    HttpRequest.Builder graphqlRequest(final String query, final Map<String, Object> variables) {
        return HttpRequest.newBuilder(simulator.url().resolve("/graphql"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json(Map.of("query", query, "variables", variables))));
    }

    /** The {@code data} of a request that must succeed. */
    JsonNode data(final String query, final Map<String, Object> variables) {
        final HttpResponse<String> response = graphql(query, variables);
        final JsonNode body = parse(response.body());
        if (response.statusCode() != 200 || body.has("errors")) {
            throw new AssertionError("GraphQL failed: " + response.statusCode() + " " + response.body());
        }
        return body.get("data");
    }

    HttpResponse<String> get(final String pathAndQuery) {
        return send(HttpRequest.newBuilder(URI.create(simulator.url() + pathAndQuery)).GET().build());
    }

    HttpResponse<String> post(final String path, final String body) {
        return send(HttpRequest.newBuilder(simulator.url().resolve(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    HttpResponse<String> delete(final String path) {
        return send(HttpRequest.newBuilder(simulator.url().resolve(path)).DELETE().build());
    }

    HttpResponse<String> send(final HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static JsonNode parse(final String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String json(final Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Physical stock of a SKU in a warehouse, read through /_sim/stock; 0 when there is no row. */
    int physical(final int warehouseId, final String sku) {
        return simulator.control().stock(warehouseId, sku).stream().mapToInt(StockRow::physical).sum();
    }

    @Override
    public void close() {
        simulator.close();
    }
}
