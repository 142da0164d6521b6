package io.tillstream.centra.sink.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.Optional;

/** Centra's GraphQL Integration API over HTTP. The token goes in a header and nowhere else. */
public final class GraphQlCentraClient implements CentraClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CHANGE_STOCK = """
            mutation ChangeStock($input: StockChangeInput!) {
              changeStock(input: $input) { stockChange { id } userErrors { message path } }
            }""";
    private static final String READ_BACK = """
            query ReadBack($description: String!) {
              stockChanges(where: { description: $description }, limit: 1) { id }
            }""";

    private final HttpClient http;
    private final URI endpoint;
    private final String token;
    private final Duration timeout;
    private final Clock clock;

    public GraphQlCentraClient(String baseUrl, String token, Duration timeout, Clock clock) {
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
        this.endpoint = URI.create(baseUrl + "/graphql");
        this.token = token;
        this.timeout = timeout;
        this.clock = clock;
    }

    @Override
    public MutationResult changeStock(StockMutation m) throws CentraException {
        ObjectNode input = JSON.createObjectNode().put("description", m.description());
        input.putObject(m.into() ? "intoWarehouse" : "outFromWarehouse").put("id", m.warehouseId());
        ArrayNode sizes = input.putArray("productSizes");
        for (StockMutation.SizeQuantity s : m.sizes()) {
            ObjectNode size = sizes.addObject();
            size.putObject("productSize").put("SKU", s.sku());
            size.put("quantity", s.quantity());
        }
        JsonNode data = call(CHANGE_STOCK, JSON.createObjectNode().set("input", input)).path("changeStock");
        List<String> errors = new ArrayList<>();
        Set<Integer> refused = new HashSet<>();
        for (JsonNode e : data.path("userErrors")) {
            errors.add(e.path("message").asText() + (e.has("path") ? " at " + e.get("path") : ""));
            sizeIndex(e.path("path")).ifPresent(refused::add);
        }
        return new MutationResult(data.path("stockChange").path("id").asText(null), errors, refused);
    }

    /** A user error's path such as ["input","productSizes","3","productSize","SKU"] names the size at fault. */
    static Optional<Integer> sizeIndex(JsonNode path) {
        for (int i = 0; i + 1 < path.size(); i++) {
            if ("productSizes".equals(path.get(i).asText()) && path.get(i + 1).asText().matches("\\d+")) {
                return Optional.of(Integer.parseInt(path.get(i + 1).asText()));
            }
        }
        return Optional.empty();
    }

    /** Uses the stock-change query by description; a Centra without it answers with GraphQL errors: empty. */
    @Override
    public Optional<Boolean> wasApplied(String description) throws CentraException {
        JsonNode json = post(READ_BACK, JSON.createObjectNode().put("description", description));
        if (json.has("errors") || !json.path("data").has("stockChanges")) {
            return Optional.empty();
        }
        return Optional.of(json.path("data").path("stockChanges").size() > 0);
    }

    private JsonNode call(String query, ObjectNode variables) throws CentraException {
        JsonNode json = post(query, variables);
        if (json.has("errors") && !json.path("data").hasNonNull("changeStock")) {
            throw new CentraException(CentraException.Kind.FATAL, "Centra rejected the request: " + json.get("errors"),
                    null, null);
        }
        return json.path("data");
    }

    private JsonNode post(String query, ObjectNode variables) throws CentraException {
        ObjectNode body = JSON.createObjectNode().put("query", query);
        body.set("variables", variables);
        HttpRequest request = HttpRequest.newBuilder(endpoint)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new CentraException(CentraException.Kind.OUTCOME_UNKNOWN,
                    "No answer from " + endpoint + ": " + e.getClass().getSimpleName(), null, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CentraException(CentraException.Kind.OUTCOME_UNKNOWN, "Interrupted calling " + endpoint, null, e);
        }
        int status = response.statusCode();
        if (status == 429) {
            throw new CentraException(CentraException.Kind.RATE_LIMITED, "Centra rate limit reached",
                    retryAt(response.headers().firstValue("Retry-After").orElse(null)), null);
        }
        if (status == 401 || status == 403) {
            throw new CentraException(CentraException.Kind.FATAL,
                    "Centra refused the token (HTTP " + status + "): check its permissions and expiry", null, null);
        }
        if (status != 200) {
            throw new CentraException(CentraException.Kind.OUTCOME_UNKNOWN, "Centra answered HTTP " + status, null, null);
        }
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new CentraException(CentraException.Kind.OUTCOME_UNKNOWN, "Unreadable answer from Centra", null, e);
        }
    }

    /** Centra sends a timestamp; the friendlier reading (seconds) is accepted too. */
    Instant retryAt(String header) {
        Instant fallback = clock.instant().plusSeconds(10);
        if (header == null || header.isBlank()) {
            return fallback;
        }
        try {
            return clock.instant().plusSeconds(Long.parseLong(header.trim()));
        } catch (NumberFormatException notSeconds) {
            try {
                return ZonedDateTime.parse(header.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            } catch (DateTimeParseException notHttpDate) {
                try {
                    return Instant.parse(header.trim());
                } catch (DateTimeParseException unknown) {
                    return fallback;
                }
            }
        }
    }
}
