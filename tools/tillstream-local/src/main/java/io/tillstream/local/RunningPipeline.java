package io.tillstream.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tillstream.registry.client.SchemaRegistryClient;
import io.tillstream.service.stores.StoreFeed;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** A pipeline started by {@code ./tillstream run}, as the tools find it: through its {@code endpoints.json}. */
public final class RunningPipeline {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The Centra sink's connector name, in run and in docker-compose.yml. */
    public static final String SINK = "centra-stock-sink";

    private final JsonNode endpoints;

    private RunningPipeline(JsonNode endpoints) {
        this.endpoints = endpoints;
    }

    public static RunningPipeline read(Path endpointsFile) throws IOException {
        return new RunningPipeline(JSON.readTree(endpointsFile.toFile()));
    }

    /** Its brokers, and on a secured cluster the admin's client settings (SASL/SCRAM over TLS). */
    public Map<String, Object> kafka() {
        Map<String, Object> kafka = new HashMap<>();
        String config = endpoints.path("kafkaClientConfig").asText("");
        if (!config.isBlank()) {
            kafka.putAll(KafkaClientFile.read(Path.of(config)));
        }
        kafka.put("bootstrap.servers", endpoints.path("bootstrapServers").asText());
        return kafka;
    }

    public SchemaRegistryClient registry() {
        return new SchemaRegistryClient(registryUrl());
    }

    public String registryUrl() {
        return endpoints.path("schemaRegistry").asText();
    }

    public String centraUrl() {
        return endpoints.path("centra").asText();
    }

    /**
     * Store location → Centra warehouse as the sink maps them: its fixed mapping if its connector config
     * (Connect's REST API) has one, else the store registry, which the sink follows.
     */
    public Map<String, Integer> sinkMapping(PrintStream notes) {
        Map<String, Integer> mapping = new HashMap<>();
        String connect = endpoints.path("connect").asText("");
        if (!connect.isBlank()) {
            try {
                HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(connect + "/connectors/" + SINK + "/config")).timeout(Duration.ofSeconds(10))
                        .build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    for (String entry : JSON.readTree(response.body()).path("centra.warehouse.mapping").asText("")
                            .split(",")) {
                        String[] parts = entry.trim().split(":");
                        if (parts.length == 2) {
                            mapping.put(parts[0].trim(), Integer.parseInt(parts[1].trim()));
                        }
                    }
                }
            } catch (IOException | RuntimeException e) {
                notes.println("Note: could not read the sink's config from Connect (" + e.getMessage()
                        + "); using the store registry");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (mapping.isEmpty()) {
            mapping.putAll(registryWarehouses());
        }
        return mapping;
    }

    /** Every store of the registry (open or closed) and its warehouse. */
    private Map<String, Integer> registryWarehouses() {
        Map<String, Integer> mapping = new ConcurrentHashMap<>();
        try (StoreFeed feed = StoreFeed.start(kafka(), registry(), (id, store) -> {
            if (store == null) {
                mapping.remove(id);
            } else {
                mapping.put(id, store.getCentraWarehouseId());
            }
        })) {
            if (!feed.awaitLoaded(Duration.ofSeconds(30))) {
                throw new IllegalStateException("Could not read the store registry (stores.v1) within 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return Map.copyOf(mapping);
    }
}
