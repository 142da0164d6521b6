package io.tillstream.service.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tillstream.service.access.Access;
import io.tillstream.service.access.Caller;
import io.tillstream.service.access.TokenDirectory;
import io.tillstream.service.config.HttpTls;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small JSON API on the JDK's HTTP server: enough for the Streams services' routes, and it keeps a
 * second DI container out of the Streams process. Errors are problem+json.
 *
 * <p>Every route states its {@link Access}. A protected route needs {@code Authorization: Bearer
 * <token>} of a token in force ({@link TokenDirectory}) whose role the route allows: 401 without one,
 * 403 for another role, 503 while the tokens are still being read. Every answer carries an
 * {@code X-Request-Id} (the caller's, when it sent a well-formed one), which the audit trail records.
 */
public final class JsonHttp implements AutoCloseable {

    public static final String PROBLEM = "application/problem+json";
    public static final String REQUEST_ID = "X-Request-Id";
    /**
     * The request this thread is answering. Not {@code HttpExchange.setAttribute}: the JDK server keeps
     * attributes per context, shared by every request on the route, so one caller would leak into
     * another's request. A handler runs on the server's thread from start to end, so a thread-local is exact.
     */
    private static final ThreadLocal<Call> CURRENT = new ThreadLocal<>();

    private record Call(Caller caller, String requestId) {
    }
    private static final String BEARER = "Bearer ";
    private static final Pattern WELL_FORMED_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
    private static final Logger log = LoggerFactory.getLogger(JsonHttp.class);
    private static final String MAX_REQUEST_TIME = "sun.net.httpserver.maxReqTime";
    /** Long enough for a 5 MB settlement file over a slow shop line, short enough to free a thread. */
    private static final long MAX_REQUEST_SECONDS = 60;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final TokenDirectory tokens;
    private final List<Route> routes = new ArrayList<>();

    /**
     * A registered route: a {@link #resource} answers {@code path} only ({@code exact}), a
     * {@link #route} every path under it. What a test holds the OpenAPI document to.
     */
    public record Route(String path, boolean exact, Access access) {
    }

    /** @param tokens the API tokens in force, which protected routes check */
    public JsonHttp(String host, int port, int threads, TokenDirectory tokens) {
        this(host, port, threads, tokens, null);
    }

    /** @param tls HTTPS with this key store; null for plain HTTP */
    public JsonHttp(String host, int port, int threads, TokenDirectory tokens, HttpTls tls) {
        limitRequestTime();
        this.tokens = tokens;
        try {
            if (tls == null) {
                this.server = HttpServer.create(new InetSocketAddress(host, port), 0);
            } else {
                HttpsServer https = HttpsServer.create(new InetSocketAddress(host, port), 0);
                https.setHttpsConfigurator(new HttpsConfigurator(tls.serverContext()));
                this.server = https;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not bind to " + host + ":" + port, e);
        }
        server.setExecutor(Executors.newFixedThreadPool(threads));
    }

    /**
     * A resource at exactly {@code path}: the JDK server matches contexts by prefix, so
     * {@code /v1/exceptions/anything} would otherwise be answered as {@code /v1/exceptions}.
     */
    public JsonHttp resource(String path, Access access, HttpHandler handler) {
        routes.add(new Route(path, true, access));
        return context(path, access, exchange -> {
            if (!exchange.getRequestURI().getPath().equals(path)) {
                problem(exchange, 404, "Not found", "No such resource: " + exchange.getRequestURI().getPath());
                return;
            }
            handler.handle(exchange);
        });
    }

    /** Sub-paths ({@link #resource}) are yours to answer; {@code /v1/stock/{sku}} is one. */
    public JsonHttp route(String path, Access access, HttpHandler handler) {
        routes.add(new Route(path, false, access));
        return context(path, access, handler);
    }

    private JsonHttp context(String path, Access access, HttpHandler handler) {
        server.createContext(path, exchange -> {
            String requestId = requestIdOf(exchange);
            try {
                exchange.getResponseHeaders().add(REQUEST_ID, requestId);
                CURRENT.set(new Call(null, requestId));
                if (admitted(exchange, access)) {
                    handler.handle(exchange);
                }
            } catch (BadRequest e) {
                if (exchange.getResponseCode() == -1) {
                    problem(exchange, 400, "Bad request", e.getMessage());
                }
            } catch (RuntimeException e) {
                // never a stack trace or an internal message in the answer; the log has it
                log.error("{} {} failed (request {})", exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                        requestId, e);
                if (exchange.getResponseCode() == -1) {
                    problem(exchange, 500, "Internal error", "The request failed; its id is " + requestId);
                }
            } finally {
                CURRENT.remove();
                exchange.close();
            }
        });
        return this;
    }

    private boolean admitted(HttpExchange exchange, Access access) throws IOException {
        if (access.open()) {
            return true;
        }
        var headers = exchange.getRequestHeaders().get("Authorization");
        if (headers == null || headers.size() != 1
                || !headers.get(0).regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            unauthorized(exchange, headers != null && headers.size() > 1 ? "Send one Authorization header"
                    : "A bearer token is required (Authorization: Bearer <token>)");
            return false;
        }
        if (!tokens.loaded()) {
            unavailable(exchange, "Not ready", "The API tokens are still being read; retry shortly");
            return false;
        }
        Optional<Caller> caller = tokens.authenticate(headers.get(0).substring(BEARER.length()).trim());
        if (caller.isEmpty()) {
            log.info("Refused {} {} from {}: unknown or revoked token", exchange.getRequestMethod(),
                    exchange.getRequestURI().getPath(), exchange.getRemoteAddress().getAddress().getHostAddress());
            unauthorized(exchange, "The bearer token is unknown or revoked");
            return false;
        }
        if (!access.allows(caller.get().role())) {
            log.info("Refused {} {} to {} ({}): role not allowed", exchange.getRequestMethod(),
                    exchange.getRequestURI().getPath(), caller.get().name(), caller.get().role());
            problem(exchange, 403, "Forbidden", "The role " + caller.get().role() + " may not use this route; it needs "
                    + access.roles().stream().map(Enum::name).sorted().toList());
            return false;
        }
        CURRENT.set(new Call(caller.get(), CURRENT.get().requestId()));
        return true;
    }

    private static void unauthorized(HttpExchange exchange, String detail) throws IOException {
        exchange.getResponseHeaders().add("WWW-Authenticate", "Bearer realm=\"tillstream\"");
        problem(exchange, 401, "Unauthorized", detail);
    }

    /** Who called the protected route this thread is answering. */
    public static Caller caller() {
        Call call = CURRENT.get();
        if (call == null || call.caller() == null) {
            throw new IllegalStateException("No caller: the route is not protected");
        }
        return call.caller();
    }

    /** The request id of the request this thread is answering (also sent back as {@code X-Request-Id}). */
    public static String requestId() {
        Call call = CURRENT.get();
        if (call == null) {
            throw new IllegalStateException("Not answering a request");
        }
        return call.requestId();
    }

    private static String requestIdOf(HttpExchange exchange) {
        String sent = exchange.getRequestHeaders().getFirst(REQUEST_ID);
        return sent != null && WELL_FORMED_ID.matcher(sent).matches() ? sent : UUID.randomUUID().toString();
    }

    /**
     * {@code /health}: UP while {@code up} accepts the component's state, which the answer shows
     * under the component's name (a Streams service: {@code health("streams", streams::state,
     * KafkaStreams.State::isRunningOrRebalancing)}).
     */
    public <S> JsonHttp health(String component, Supplier<S> state, Predicate<S> up) {
        return route("/health", Access.PUBLIC, exchange -> {
            S now = state.get();
            boolean isUp = up.test(now);
            send(exchange, isUp ? 200 : 503, Map.of("status", isUp ? "UP" : "DOWN", component, String.valueOf(now)));
        });
    }

    /** {@code /metrics} in the Prometheus text format, as the scrape configs in deploy/ expect. */
    public JsonHttp metrics(PrometheusMeterRegistry registry) {
        return route("/metrics", Access.PUBLIC, exchange -> send(exchange, 200, "text/plain; version=0.0.4; charset=utf-8",
                registry.scrape().getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * {@code /openapi.yml}: the service's OpenAPI document, the classpath {@code resource}, open like
     * {@code /health} (pos-ingest serves its generated one at the same path).
     */
    public JsonHttp openApi(String resource) {
        byte[] document;
        try (InputStream in = JsonHttp.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("No OpenAPI document " + resource + " on the classpath");
            }
            document = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + resource, e);
        }
        return resource("/openapi.yml", Access.PUBLIC, exchange -> send(exchange, 200, "application/yaml", document));
    }

    /** The routes registered so far, in order. */
    public List<Route> routes() {
        return List.copyOf(routes);
    }

    public JsonHttp start() {
        server.start();
        return this;
    }

    public URI url() {
        return URI.create((server instanceof HttpsServer ? "https://" : "http://") + server.getAddress().getHostString()
                + ":" + server.getAddress().getPort());
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
        problem(exchange, status, title, detail, List.of());
    }

    /** A problem naming each thing wrong ({@code errors}: field or row, and message), as pos-ingest's do. */
    public static void problem(HttpExchange exchange, int status, String title, String detail,
                               List<Map<String, Object>> errors) throws IOException {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "about:blank");
        problem.put("title", title);
        problem.put("status", status);
        problem.put("detail", detail);
        if (!errors.isEmpty()) {
            problem.put("errors", errors);
        }
        send(exchange, status, PROBLEM, JSON.writeValueAsBytes(problem));
    }

    /** Whether the request uses {@code method}; if not, it has been answered 405 naming the one to use. */
    public static boolean allows(HttpExchange exchange, String method) throws IOException {
        if (exchange.getRequestMethod().equals(method)) {
            return true;
        }
        problem(exchange, 405, "Method not allowed", "Use " + method);
        return false;
    }

    /**
     * The request's query when every parameter is one of {@code allowed}; otherwise empty, the request
     * answered 400 naming the first unknown one (a misspelt filter must not silently widen the answer).
     */
    public static Optional<Map<String, String>> query(HttpExchange exchange, Set<String> allowed) throws IOException {
        Map<String, String> query = query(exchange);
        Optional<String> unknown = query.keySet().stream().filter(name -> !allowed.contains(name)).findFirst();
        if (unknown.isPresent()) {
            problem(exchange, 400, "Bad parameter", "Unknown parameter " + unknown.get() + "; use " + allowed);
            return Optional.empty();
        }
        return Optional.of(query);
    }

    /** 503 with Retry-After: the answer exists, just not here and now. */
    public static void unavailable(HttpExchange exchange, String title, String detail) throws IOException {
        exchange.getResponseHeaders().add("Retry-After", "2");
        problem(exchange, 503, title, detail);
    }

    /**
     * A client that sends headers and then trickles its body (or nothing) holds one of the server's
     * threads while the JDK server drains it; without a limit, a few such clients stop the API. The JDK
     * server reads {@code sun.net.httpserver.maxReqTime} once, when the JVM's first server is made: the
     * services' mains and the local pipeline call this first. A setting given on the command line wins.
     */
    public static void limitRequestTime() {
        if (System.getProperty(MAX_REQUEST_TIME) == null) {
            System.setProperty(MAX_REQUEST_TIME, Long.toString(MAX_REQUEST_SECONDS));
        }
    }

    /** A request the caller got wrong in a way no route checks itself: answered 400 with the message. */
    public static final class BadRequest extends RuntimeException {
        public BadRequest(String message) {
            super(message);
        }
    }

    /** A percent-encoded part of a path or query; a malformed one is the caller's 400, not the server's 500. */
    public static String decode(String encoded) {
        try {
            return URLDecoder.decode(encoded, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new BadRequest("Malformed percent-encoding in the URL");
        }
    }

    public static Map<String, String> query(HttpExchange exchange) {
        Map<String, String> params = new HashMap<>();
        String raw = exchange.getRequestURI().getRawQuery();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                String[] kv = pair.split("=", 2);
                if (kv.length == 2 && !kv[1].isEmpty()) {
                    params.put(decode(kv[0]), decode(kv[1]));
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
