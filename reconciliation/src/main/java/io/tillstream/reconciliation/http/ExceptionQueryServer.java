package io.tillstream.reconciliation.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.tillstream.reconciliation.topology.ReconciliationTopology;
import io.tillstream.schemas.ReconciliationException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.function.Function;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * {@code GET /v1/exceptions?status=&owner=&type=&storeId=&sku=} from the global exceptions view,
 * and the operations dashboard at {@code /}.
 */
public final class ExceptionQueryServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, Function<ReconciliationException, Object>> FILTERS = Map.of(
            "status", ReconciliationException::getStatus,
            "owner", ReconciliationException::getOwner,
            "type", ReconciliationException::getType,
            "storeId", ReconciliationException::getStoreId,
            "sku", ReconciliationException::getSku);

    private final HttpServer server;
    private final KafkaStreams streams;

    public ExceptionQueryServer(KafkaStreams streams, String host, int port) {
        this.streams = streams;
        try {
            this.server = HttpServer.create(new InetSocketAddress(host, port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not bind the reconciliation API to " + host + ":" + port, e);
        }
        server.setExecutor(Executors.newFixedThreadPool(2));
        server.createContext("/v1/exceptions", this::exceptions);
        server.createContext("/health", this::health);
        server.createContext("/", this::dashboard);
        server.start();
    }

    public URI url() {
        return URI.create("http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort());
    }

    /** Every exception, newest first, for a status line or the API. */
    public List<ReconciliationException> all() {
        ReadOnlyKeyValueStore<String, ReconciliationException> store = streams.store(
                StoreQueryParameters.fromNameAndType(ReconciliationTopology.VIEW_STORE,
                        QueryableStoreTypes.keyValueStore()));
        List<ReconciliationException> all = new ArrayList<>();
        try (KeyValueIterator<String, ReconciliationException> it = store.all()) {
            it.forEachRemaining(kv -> all.add(kv.value));
        }
        all.sort(Comparator.comparing(ReconciliationException::getLastSeenAt).reversed());
        return all;
    }

    private void exceptions(HttpExchange exchange) throws IOException {
        try (exchange) {
            Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
            for (String name : query.keySet()) {
                if (!FILTERS.containsKey(name)) {
                    send(exchange, 400, "application/problem+json", Map.of("type", "about:blank", "title", "Bad filter",
                            "status", 400, "detail", "Unknown filter " + name + "; use " + FILTERS.keySet()));
                    return;
                }
            }
            List<Map<String, Object>> matches;
            try {
                matches = all().stream()
                        .filter(e -> query.entrySet().stream().allMatch(f ->
                                f.getValue().equals(String.valueOf(FILTERS.get(f.getKey()).apply(e)))))
                        .map(ExceptionQueryServer::json)
                        .toList();
            } catch (InvalidStateStoreException e) {
                exchange.getResponseHeaders().add("Retry-After", "2");
                send(exchange, 503, "application/problem+json", Map.of("type", "about:blank",
                        "title", "Not ready", "status", 503, "detail", "The exceptions view is still loading"));
                return;
            }
            send(exchange, 200, "application/json", matches);
        }
    }

    private static Map<String, Object> json(ReconciliationException e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", e.getId());
        m.put("type", e.getType().name());
        m.put("owner", e.getOwner().name());
        m.put("severity", e.getSeverity().name());
        m.put("status", e.getStatus().name());
        m.put("storeId", e.getStoreId());
        m.put("sku", e.getSku());
        m.put("expected", e.getExpected());
        m.put("actual", e.getActual());
        m.put("firstSeenAt", e.getFirstSeenAt().toString());
        m.put("lastSeenAt", e.getLastSeenAt().toString());
        m.put("resolvedAt", e.getResolvedAt() == null ? null : e.getResolvedAt().toString());
        m.put("detail", e.getDetail());
        m.put("runbook", e.getRunbook());
        return m;
    }

    private void dashboard(HttpExchange exchange) throws IOException {
        try (exchange; InputStream page = getClass().getResourceAsStream("/dashboard.html")) {
            if (!exchange.getRequestURI().getPath().equals("/") || page == null) {
                send(exchange, 404, "application/problem+json",
                        Map.of("type", "about:blank", "title", "Not found", "status", 404));
                return;
            }
            byte[] html = page.readAllBytes();
            exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, html.length);
            exchange.getResponseBody().write(html);
        }
    }

    private void health(HttpExchange exchange) throws IOException {
        try (exchange) {
            KafkaStreams.State state = streams.state();
            boolean up = state.isRunningOrRebalancing();
            send(exchange, up ? 200 : 503, "application/json", Map.of("status", up ? "UP" : "DOWN", "streams", state.name()));
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> params = new HashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                String[] kv = pair.split("=", 2);
                if (kv.length == 2 && !kv[1].isEmpty()) {
                    params.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8), URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
                }
            }
        }
        return params;
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
