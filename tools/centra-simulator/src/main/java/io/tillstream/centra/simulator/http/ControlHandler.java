package io.tillstream.centra.simulator.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.tillstream.centra.simulator.SimulatorControl;
import io.tillstream.centra.simulator.graphql.GraphQlEngine;
import io.tillstream.centra.simulator.model.CatalogSpec;
import io.tillstream.centra.simulator.model.OrderOperations;
import io.tillstream.centra.simulator.ratelimit.RateLimiter;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The test-control endpoints under {@code /_sim/} (not Centra's): JSON in and out, no token, and
 * problem+json for errors. Faults set here apply to {@code /graphql} only.
 */
public final class ControlHandler implements HttpHandler {

    private static final Logger log = LoggerFactory.getLogger(ControlHandler.class);
    private static final Pattern SHIP = Pattern.compile("/_sim/orders/(\\d+)/ship");

    private final SimulatorControl control;
    private final FaultInjector faults;
    private final ApiTokens tokens;
    private final RateLimiter limiter;
    private final GraphQlEngine engine;

    public ControlHandler(final SimulatorControl control, final FaultInjector faults, final ApiTokens tokens,
                          final RateLimiter limiter, final GraphQlEngine engine) {
        this.control = control;
        this.faults = faults;
        this.tokens = tokens;
        this.limiter = limiter;
        this.engine = engine;
    }

    /** Body of {@code PUT /_sim/tokens}. */
    record TokenState(Boolean revoked) {
    }

    /** Body of {@code PUT /_sim/capabilities}: optional parts of the API a real tenant may lack. */
    record Capabilities(Boolean stockChangeQuery, Boolean stockQuery) {
    }

    private Map<String, Boolean> capabilities() {
        final Map<String, Boolean> capabilities = new LinkedHashMap<>();
        capabilities.put("stockChangeQuery", engine.stockChangeQuery());
        capabilities.put("stockQuery", engine.stockQuery());
        return capabilities;
    }

    /** Body of {@code POST /_sim/stock}. */
    record StockEdit(int warehouseId, String sku, Integer physical) {
    }

    /** Body of {@code POST /_sim/store-movements}. */
    record StoreMovement(int warehouseId, String sku, Integer delta) {
    }

    /** Body of {@code POST /_sim/orders}. */
    record OrderRequest(String market, List<OrderOperations.OrderLine> lines) {
    }

    @Override
    public void handle(final HttpExchange exchange) throws IOException {
        try {
            route(exchange, exchange.getRequestMethod(), exchange.getRequestURI().getPath());
        } catch (JsonProcessingException e) {
            HttpIo.sendProblem(exchange, 400, "Bad Request", "invalid JSON: " + e.getOriginalMessage());
        } catch (IllegalArgumentException e) {
            HttpIo.sendProblem(exchange, 400, "Bad Request", e.getMessage());
        } catch (NoSuchElementException e) {
            HttpIo.sendProblem(exchange, 404, "Not Found", e.getMessage());
        } catch (IllegalStateException e) {
            HttpIo.sendProblem(exchange, 409, "Conflict", e.getMessage());
        } catch (IOException e) {
            log.debug("Control exchange failed: {}", e.toString());
            exchange.close();
        } catch (RuntimeException e) {
            log.error("Control request {} {} failed", exchange.getRequestMethod(), exchange.getRequestURI(), e);
            HttpIo.sendProblem(exchange, 500, "Internal Server Error", "see the simulator log");
        }
    }

    private void route(final HttpExchange exchange, final String method, final String path) throws IOException {
        final Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
        final String route = method + " " + path;
        switch (route) {
            case "GET /_sim/health" -> HttpIo.sendJson(exchange, 200, Map.of("status", "UP"));
            case "GET /_sim/stock" -> HttpIo.sendJson(exchange, 200,
                    control.stock(intParam(query, "warehouseId"), query.get("sku")));
            case "POST /_sim/stock" -> {
                final StockEdit edit = body(exchange, StockEdit.class);
                if (edit.sku() == null || edit.physical() == null) {
                    throw new IllegalArgumentException("warehouseId, sku and physical are required");
                }
                HttpIo.sendJson(exchange, 200, control.manualEdit(edit.warehouseId(), edit.sku(), edit.physical()));
            }
            case "POST /_sim/orders" -> {
                final OrderRequest order = body(exchange, OrderRequest.class);
                HttpIo.sendJson(exchange, 200, control.placeOrder(order.market(), order.lines()));
            }
            case "POST /_sim/store-movements" -> {
                final StoreMovement movement = body(exchange, StoreMovement.class);
                if (movement.sku() == null || movement.delta() == null) {
                    throw new IllegalArgumentException("warehouseId, sku and delta are required");
                }
                control.storeMovement(movement.warehouseId(), movement.sku(), movement.delta());
                HttpIo.sendJson(exchange, 200, Map.of("warehouseId", movement.warehouseId(), "sku", movement.sku(),
                        "delta", movement.delta()));
            }
            case "GET /_sim/orders" -> HttpIo.sendJson(exchange, 200, control.orders());
            case "POST /_sim/faults" -> {
                faults.set(body(exchange, FaultInjector.FaultSpec.class));
                HttpIo.sendJson(exchange, 200, faults.describe());
            }
            case "DELETE /_sim/faults" -> {
                faults.clear();
                HttpIo.sendJson(exchange, 200, faults.describe());
            }
            case "GET /_sim/faults" -> HttpIo.sendJson(exchange, 200, faults.describe());
            case "GET /_sim/mutations" -> HttpIo.sendJson(exchange, 200, control.mutations(query.get("description")));
            case "POST /_sim/catalog" -> HttpIo.sendJson(exchange, 200,
                    control.applyCatalog(body(exchange, CatalogSpec.class)));
            case "GET /_sim/usage" -> HttpIo.sendJson(exchange, 200, limiter.usage());
            case "PUT /_sim/capabilities" -> {
                final Capabilities capabilities = body(exchange, Capabilities.class);
                if (capabilities.stockChangeQuery() != null) {
                    engine.stockChangeQuery(capabilities.stockChangeQuery());
                }
                if (capabilities.stockQuery() != null) {
                    engine.stockQuery(capabilities.stockQuery());
                }
                HttpIo.sendJson(exchange, 200, capabilities());
            }
            case "PUT /_sim/tokens" -> {
                final TokenState state = body(exchange, TokenState.class);
                if (state.revoked() == null) {
                    throw new IllegalArgumentException("revoked (true or false) is required");
                }
                tokens.revoked(state.revoked());
                HttpIo.sendJson(exchange, 200, Map.of("revoked", tokens.revoked()));
            }
            case "GET /_sim/tokens" -> HttpIo.sendJson(exchange, 200, Map.of("revoked", tokens.revoked()));
            case "GET /_sim/capabilities" -> HttpIo.sendJson(exchange, 200, capabilities());
            default -> {
                final Matcher ship = SHIP.matcher(path);
                if ("POST".equals(method) && ship.matches()) {
                    HttpIo.sendJson(exchange, 200, control.shipOrder(Integer.parseInt(ship.group(1))));
                } else {
                    HttpIo.sendProblem(exchange, 404, "Not Found", "no control endpoint " + route);
                }
            }
        }
    }

    private static <T> T body(final HttpExchange exchange, final Class<T> type) throws IOException {
        final byte[] bytes = HttpIo.readBody(exchange);
        if (bytes.length == 0) {
            throw new IllegalArgumentException("a JSON body is required");
        }
        return Json.MAPPER.readValue(bytes, type);
    }

    private static Map<String, String> query(final String raw) {
        final Map<String, String> params = new HashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                final int eq = pair.indexOf('=');
                if (eq > 0) {
                    params.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return params;
    }

    private static Integer intParam(final Map<String, String> query, final String name) {
        final String value = query.get(name);
        if (value == null) {
            return null;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be an integer, got " + value);
        }
    }
}
