package io.tillstream.projector.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.tillstream.projector.topology.StockTopology;
import io.tillstream.schemas.StockLevel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * {@code GET /v1/stock/{sku}} from the ledger store (interactive queries). While the instance is
 * not RUNNING (starting, rebalancing, restoring) it answers 503 with Retry-After rather than a
 * figure that may be stale. The JDK's HTTP server is enough for two read-only routes and keeps a
 * second DI container out of the Streams process.
 */
public final class StockQueryServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private final HttpServer server;
    private final KafkaStreams streams;

    public StockQueryServer(KafkaStreams streams, String host, int port) {
        this.streams = streams;
        try {
            this.server = HttpServer.create(new InetSocketAddress(host, port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not bind the stock API to " + host + ":" + port, e);
        }
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/v1/stock/", this::stock);
        server.createContext("/health", this::health);
        server.start();
    }

    public URI url() {
        return URI.create("http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort());
    }

    private void stock(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath().substring("/v1/stock/".length());
            if (!"GET".equals(exchange.getRequestMethod()) || path.isEmpty() || path.contains("/")) {
                problem(exchange, 404, "Not found", "Use GET /v1/stock/{sku}");
                return;
            }
            String sku = URLDecoder.decode(path, StandardCharsets.UTF_8);
            if (streams.state() != KafkaStreams.State.RUNNING) {
                exchange.getResponseHeaders().add("Retry-After", "2");
                problem(exchange, 503, "Projection not ready", "The projector is " + streams.state() + "; retry shortly");
                return;
            }
            List<StockLevel> levels;
            try {
                levels = levels(sku);
            } catch (InvalidStateStoreException e) {
                exchange.getResponseHeaders().add("Retry-After", "2");
                problem(exchange, 503, "Projection rebalancing", "The ledger is moving between instances; retry shortly");
                return;
            }
            if (levels.isEmpty()) {
                problem(exchange, 404, "Unknown SKU", "No stock movement was ever seen for " + sku);
                return;
            }
            List<Map<String, Object>> locations = levels.stream().map(StockQueryServer::location).toList();
            int ats = levels.stream().mapToInt(StockLevel::getAts).sum();
            send(exchange, 200, "application/json", Map.of("sku", sku, "ats", ats, "locations", locations));
        }
    }

    private List<StockLevel> levels(String sku) {
        ReadOnlyKeyValueStore<String, StockLevel> store = streams.store(StoreQueryParameters.fromNameAndType(
                StockTopology.LEDGER_STORE, QueryableStoreTypes.keyValueStore()));
        List<StockLevel> levels = new ArrayList<>();
        try (KeyValueIterator<String, StockLevel> it = store.prefixScan(sku + "|",
                new org.apache.kafka.common.serialization.StringSerializer())) {
            it.forEachRemaining(kv -> levels.add(kv.value));
        }
        return levels;
    }

    private static Map<String, Object> location(StockLevel l) {
        return Map.of("locationId", l.getLocationId(), "onHand", l.getOnHand(),
                "pendingInspection", l.getPendingInspection(), "safetyBuffer", l.getSafetyBuffer(),
                "ats", l.getAts(), "version", l.getVersion(), "asOf", l.getAsOf().toString());
    }

    private void health(HttpExchange exchange) throws IOException {
        try (exchange) {
            KafkaStreams.State state = streams.state();
            boolean up = state == KafkaStreams.State.RUNNING || state == KafkaStreams.State.REBALANCING;
            send(exchange, up ? 200 : 503, "application/json", Map.of("status", up ? "UP" : "DOWN", "streams", state.name()));
        }
    }

    private static void problem(HttpExchange exchange, int status, String title, String detail) throws IOException {
        send(exchange, status, "application/problem+json",
                Map.of("type", "about:blank", "title", title, "status", status, "detail", detail));
    }

    private static void send(HttpExchange exchange, int status, String contentType, Object body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().add("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
