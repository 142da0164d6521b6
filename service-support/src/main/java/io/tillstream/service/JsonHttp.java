package io.tillstream.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import org.apache.kafka.streams.KafkaStreams;

/**
 * A small JSON API on the JDK's HTTP server: enough for the Streams services' read-only routes,
 * and it keeps a second DI container out of the Streams process. Errors are problem+json.
 */
public final class JsonHttp implements AutoCloseable {

    public static final String PROBLEM = "application/problem+json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;

    public JsonHttp(String host, int port, int threads) {
        try {
            this.server = HttpServer.create(new InetSocketAddress(host, port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not bind to " + host + ":" + port, e);
        }
        server.setExecutor(Executors.newFixedThreadPool(threads));
    }

    /**
     * A resource at exactly {@code path}: the JDK server matches contexts by prefix, so
     * {@code /v1/exceptions/anything} would otherwise be answered as {@code /v1/exceptions}.
     */
    public JsonHttp resource(String path, HttpHandler handler) {
        return route(path, exchange -> {
            if (!exchange.getRequestURI().getPath().equals(path)) {
                problem(exchange, 404, "Not found", "No such resource: " + exchange.getRequestURI().getPath());
                return;
            }
            handler.handle(exchange);
        });
    }

    /** Sub-paths ({@link #resource}) are yours to answer; {@code /v1/stock/{sku}} is one. */
    public JsonHttp route(String path, HttpHandler handler) {
        server.createContext(path, exchange -> {
            try (exchange) {
                handler.handle(exchange);
            }
        });
        return this;
    }

    /** {@code /health}: UP while the Streams instance runs or rebalances. */
    public JsonHttp health(KafkaStreams streams) {
        return route("/health", exchange -> {
            KafkaStreams.State state = streams.state();
            boolean up = state.isRunningOrRebalancing();
            send(exchange, up ? 200 : 503, Map.of("status", up ? "UP" : "DOWN", "streams", state.name()));
        });
    }

    /** {@code /metrics} in the Prometheus text format, as the scrape configs in deploy/ expect. */
    public JsonHttp metrics(PrometheusMeterRegistry registry) {
        return route("/metrics", exchange -> send(exchange, 200, "text/plain; version=0.0.4; charset=utf-8",
                registry.scrape().getBytes(StandardCharsets.UTF_8)));
    }

    public JsonHttp start() {
        server.start();
        return this;
    }

    public URI url() {
        return URI.create("http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort());
    }

    public static void send(HttpExchange exchange, int status, Object body) throws IOException {
        send(exchange, status, "application/json", JSON.writeValueAsBytes(body));
    }

    public static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", contentType);
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
    }

    public static void problem(HttpExchange exchange, int status, String title, String detail) throws IOException {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "about:blank");
        problem.put("title", title);
        problem.put("status", status);
        problem.put("detail", detail);
        send(exchange, status, PROBLEM, JSON.writeValueAsBytes(problem));
    }

    /** 503 with Retry-After: the answer exists, just not here and now. */
    public static void unavailable(HttpExchange exchange, String title, String detail) throws IOException {
        exchange.getResponseHeaders().add("Retry-After", "2");
        problem(exchange, 503, title, detail);
    }

    public static Map<String, String> query(HttpExchange exchange) {
        Map<String, String> params = new HashMap<>();
        String raw = exchange.getRequestURI().getRawQuery();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                String[] kv = pair.split("=", 2);
                if (kv.length == 2 && !kv[1].isEmpty()) {
                    params.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                            URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
                }
            }
        }
        return params;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
