package io.tillstream.bench.centra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tillstream.centra.simulator.CentraSimulator;
import io.tillstream.centra.simulator.RateLimitTier;
import io.tillstream.centra.simulator.SimulatorConfig;
import io.tillstream.centra.simulator.model.CatalogSpec;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * One simulated Centra tenant on the Growth tier with its own rate budget, and how the sink that
 * feeds it is set up (its scheduler, the offline hold-back on or off). Store movements and webshop
 * orders reach it over real HTTP ({@code /_sim/}).
 */
final class CentraTenant implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What the simulator counted at the end. */
    record Outcome(int mutations, int ordersAccepted, int ordersRefused, int oversells, int oversoldUnits) {
    }

    final String name;
    final String scheduler;
    final boolean holdBack;
    final String token;
    private final CentraSimulator simulator;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private CentraTenant(String name, String scheduler, boolean holdBack, String token, CentraSimulator simulator) {
        this.name = name;
        this.scheduler = scheduler;
        this.holdBack = holdBack;
        this.token = token;
        this.simulator = simulator;
    }

    static CentraTenant start(String name, String scheduler, boolean holdBack, CatalogSpec catalog) {
        String token = "bench-" + name + "-token";
        CentraSimulator simulator = CentraSimulator.start(SimulatorConfig.defaults().withPort(0)
                .withApiTokens(Set.of(token)).withTier(RateLimitTier.GROWTH));
        simulator.control().applyCatalog(catalog);
        return new CentraTenant(name, scheduler, holdBack, token, simulator);
    }

    String url() {
        return simulator.url().toString();
    }

    String changesTopic() {
        return "bench.centra." + name + ".changes";
    }

    String receiptsTopic() {
        return "bench.centra." + name + ".receipts";
    }

    /** A till's movement, told to the simulator before the sink can know of it. */
    void storeMovement(int warehouseId, String sku, int delta) {
        post("/_sim/store-movements", Map.of("warehouseId", warehouseId, "sku", sku, "delta", delta));
    }

    void order(String market, String sku) {
        post("/_sim/orders", Map.of("market", market, "lines", java.util.List.of(Map.of("sku", sku, "quantity", 1))));
    }

    Outcome outcome() {
        JsonNode orders = get("/_sim/orders");
        int accepted = 0;
        int refused = 0;
        for (JsonNode order : orders.get("orders")) {
            if ("REJECTED".equals(order.get("status").asText())) {
                refused++;
            } else {
                accepted++;
            }
        }
        int mutations = 0;
        for (JsonNode m : get("/_sim/mutations")) {
            mutations += m.get("description").asText().startsWith("tillstream:") ? 1 : 0;
        }
        return new Outcome(mutations, accepted, refused, orders.get("oversells").asInt(),
                orders.get("oversoldUnits").asInt());
    }

    private void post(String path, Object body) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url() + path))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(path + " answered " + response.statusCode() + ": " + response.body());
            }
        } catch (IOException e) {
            throw new IllegalStateException(path + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private JsonNode get(String path) {
        try {
            return JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(url() + path)).GET().build(),
                    HttpResponse.BodyHandlers.ofString()).body());
        } catch (IOException e) {
            throw new IllegalStateException(path + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public void close() {
        simulator.close();
    }
}
