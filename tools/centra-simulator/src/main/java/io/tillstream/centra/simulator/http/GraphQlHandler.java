package io.tillstream.centra.simulator.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.tillstream.centra.simulator.graphql.GraphQlEngine;
import io.tillstream.centra.simulator.graphql.OperationInspector;
import io.tillstream.centra.simulator.ratelimit.RateLimiter;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /graphql}, in Centra's order: an injected fault first (the server is "broken" before
 * it looks at anything), then the token (403), then the rate limits (429 with a Retry-After
 * timestamp, nothing applied), then the query itself (400 if it does not parse or validate).
 */
public final class GraphQlHandler implements HttpHandler, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(GraphQlHandler.class);
    private static final String PATH = "/graphql";
    // How far ahead an injected 429 says to retry.
    private static final Duration FAULT_RETRY_AFTER = Duration.ofSeconds(1);

    private final GraphQlEngine engine;
    private final RateLimiter limiter;
    private final FaultInjector faults;
    private final ApiTokens tokens;
    private final Clock clock;
    private final ExchangeParker parker;

    public GraphQlHandler(final GraphQlEngine engine, final RateLimiter limiter, final FaultInjector faults,
                          final ApiTokens tokens, final Clock clock, final Duration timeoutHold) {
        this.engine = engine;
        this.limiter = limiter;
        this.faults = faults;
        this.tokens = tokens;
        this.clock = clock;
        this.parker = new ExchangeParker(timeoutHold);
    }

    /** The mutation's {@code description} (Centra's only idempotency handle), wherever its input nests it. */
    private static Object description(Object node) {
        if (node instanceof Map<?, ?> map) {
            if (map.get("description") instanceof String description) {
                return description;
            }
            for (Object value : map.values()) {
                Object found = description(value);
                if (found != null) {
                    return found;
                }
            }
        } else if (node instanceof java.util.List<?> list) {
            for (Object value : list) {
                Object found = description(value);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    @Override
    public void handle(final HttpExchange exchange) throws IOException {
        try {
            if (!PATH.equals(exchange.getRequestURI().getPath())) {
                HttpIo.sendGraphQlError(exchange, 404, "Not found", "graphql");
                return;
            }
            if (!"POST".equals(exchange.getRequestMethod())) {
                exchange.getResponseHeaders().set("Allow", "POST");
                HttpIo.sendGraphQlError(exchange, 405, "Use POST", "graphql");
                return;
            }
            final Optional<FaultInjector.Mode> fault = faults.next();
            if (fault.isPresent()) {
                respondWithFault(exchange, fault.get());
                return;
            }
            if (!tokens.accepts(exchange.getRequestHeaders())) {
                HttpIo.sendGraphQlError(exchange, 403, "Access denied: missing, invalid or expired token",
                        "authorization");
                return;
            }
            final Map<String, Object> request = readRequest(exchange);
            if (request == null) {
                return;
            }
            final String query = (String) request.get("query");
            final String operationName = request.get("operationName") instanceof String name ? name : null;
            if (!admitted(exchange, query, operationName)) {
                return;
            }
            final boolean mutation = OperationInspector.mutationFields(query, operationName) > 0;
            final boolean withhold = mutation && faults.withholdAnswerToMutation();
            final long hold = mutation && !withhold ? faults.holdMutationMillis() : 0;
            if (hold > 0) {
                log.debug("SLOW fault: holding a mutation {} ms before applying it", hold);
                Thread.sleep(hold);
            }
            @SuppressWarnings("unchecked")
            final Map<String, Object> variables = (Map<String, Object>) request.get("variables");
            final GraphQlEngine.Executed executed = engine.execute(query, variables, operationName);
            limiter.chargeComplexity(executed.complexity());
            if (withhold) {
                log.debug("TIMEOUT fault: mutation applied, answer withheld");
                faults.withheld(String.valueOf(description(variables)));
                parker.park(exchange);
                return;
            }
            HttpIo.sendJson(exchange, executed.status(), executed.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exchange.close();
        } catch (IOException e) {
            // The client went away mid-exchange; nothing to answer.
            log.debug("GraphQL exchange failed: {}", e.toString());
            exchange.close();
        } catch (RuntimeException e) {
            log.error("GraphQL request failed", e);
            HttpIo.sendGraphQlError(exchange, 500, "Internal server error", "internal");
        }
    }

    /** Pays for the request in the rate limits, or answers why it cannot run and returns false. */
    private boolean admitted(final HttpExchange exchange, final String query, final String operationName)
            throws IOException {
        final RateLimiter.Decision decision = limiter.admit(OperationInspector.mutationFields(query, operationName));
        if (decision instanceof RateLimiter.Decision.Throttled throttled) {
            exchange.getResponseHeaders().set("Retry-After", HttpIo.httpDate(throttled.retryAt()));
            HttpIo.sendGraphQlError(exchange, 429, "Rate limit exceeded: " + throttled.type() + " per "
                    + throttled.intervalSeconds() + " s", "rateLimit");
            return false;
        }
        if (decision instanceof RateLimiter.Decision.TooLarge tooLarge) {
            HttpIo.sendGraphQlError(exchange, 400, "A request may hold at most " + tooLarge.quota()
                    + " mutations, this one has " + tooLarge.mutations(), "graphql");
            return false;
        }
        return true;
    }

    /** Answers a faulted request (TIMEOUT is decided later, for mutations only). */
    private void respondWithFault(final HttpExchange exchange, final FaultInjector.Mode mode) throws IOException {
        switch (mode) {
            case DOWN -> {
                log.debug("DOWN fault: dropping the connection");
                exchange.close();
            }
            case HTTP_500 -> HttpIo.sendGraphQlError(exchange, 500, "Internal server error (simulated)", "internal");
            case HTTP_429 -> {
                exchange.getResponseHeaders().set("Retry-After",
                        HttpIo.httpDate(clock.instant().plus(FAULT_RETRY_AFTER)));
                HttpIo.sendGraphQlError(exchange, 429, "Rate limit exceeded (simulated)", "rateLimit");
            }
            case GRAPHQL_ERROR -> {
                // Not an HTTP failure: the status is 200 and only the body says that nothing ran.
                final Map<String, Object> error = new LinkedHashMap<>();
                error.put("message", "Internal server error (simulated)");
                error.put("extensions", Map.of("category", "internal"));
                final Map<String, Object> body = new LinkedHashMap<>();
                body.put("errors", List.of(error));
                body.put("data", null);
                HttpIo.sendJson(exchange, 200, body);
            }
            case TIMEOUT, SLOW -> throw new IllegalStateException(mode + " is decided per mutation");
        }
    }

    /** The parsed JSON body, or null after answering 400 for a body that is not a GraphQL request. */
    private static Map<String, Object> readRequest(final HttpExchange exchange) throws IOException {
        final Map<String, Object> request;
        try {
            @SuppressWarnings("unchecked")
            final Map<String, Object> parsed = Json.MAPPER.readValue(HttpIo.readBody(exchange), Map.class);
            request = parsed;
        } catch (JsonProcessingException | IllegalArgumentException e) {
            HttpIo.sendGraphQlError(exchange, 400, "Request body is not valid JSON", "graphql");
            return null;
        }
        if (request == null || !(request.get("query") instanceof String q) || q.isBlank()) {
            HttpIo.sendGraphQlError(exchange, 400, "Request body needs a \"query\" string", "graphql");
            return null;
        }
        final Object variables = request.get("variables");
        if (variables != null && !(variables instanceof Map)) {
            HttpIo.sendGraphQlError(exchange, 400, "\"variables\" must be a JSON object", "graphql");
            return null;
        }
        return request;
    }

    @Override
    public void close() {
        parker.close();
    }
}
