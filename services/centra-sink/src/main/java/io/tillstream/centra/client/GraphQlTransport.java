package io.tillstream.centra.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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

/**
 * POSTs GraphQL to Centra's Integration API and sorts HTTP outcomes into {@link CentraException}
 * kinds. The token goes in a header and nowhere else: not in messages, not in logs.
 */
public final class GraphQlTransport {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final URI endpoint;
    private final String token;
    private final Duration timeout;
    private final Clock clock;

    public GraphQlTransport(String baseUrl, String token, Duration timeout, Clock clock) {
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
        this.endpoint = URI.create(baseUrl + "/graphql");
        this.token = token;
        this.timeout = timeout;
        this.clock = clock;
    }

    /** @return the whole response document ({@code data}, maybe {@code errors}) */
    public JsonNode post(String query, ObjectNode variables) throws CentraException {
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
            throw CentraException.noAnswer("No answer from " + endpoint + ": " + e.getClass().getSimpleName(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CentraException.noAnswer("Interrupted calling " + endpoint, e);
        }
        int status = response.statusCode();
        if (status == 429) {
            throw new CentraException(CentraException.Kind.RATE_LIMITED, "Centra rate limit reached",
                    retryAt(response.headers().firstValue("Retry-After").orElse(null)), null);
        }
        if (status == 401 || status == 403) {
            throw new CentraException(CentraException.Kind.UNAUTHORIZED, "Centra refused the token (HTTP " + status
                    + "): it has expired, was revoked or lacks a permission", null, null);
        }
        if (status == 400) {
            // A request Centra refused to run (bad query, unknown field): nothing was applied, and
            // the GraphQL errors say why; the caller decides what that means.
            try {
                return JSON.readTree(response.body());
            } catch (IOException e) {
                throw new CentraException(CentraException.Kind.FATAL, "Centra refused the request (HTTP 400)", null, e);
            }
        }
        if (status == 502 || status == 503 || status == 504) {
            // A proxy or load balancer in front of Centra gave up waiting: Centra may still run it.
            throw CentraException.noAnswer("No answer from Centra behind " + endpoint + " (HTTP " + status + ")", null);
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

    /** How long the client waits for an answer. */
    public Duration timeout() {
        return timeout;
    }

    /** The {@code data} of a read, only when it is whole (see {@link #wholeData}). */
    public JsonNode data(String query, ObjectNode variables) throws CentraException {
        return wholeData(post(query, variables));
    }

    /**
     * GraphQL answers HTTP 200 for errors raised while a query runs, with the failed fields (or all
     * of {@code data}) null: read as zero stock or an unknown size, such an answer would park or
     * mis-push a change, so any error fails the read and the caller asks again.
     */
    public static JsonNode wholeData(JsonNode json) throws CentraException {
        JsonNode data = json.path("data");
        if (json.has("errors")) {
            throw failure(json, data.isMissingNode()
                    ? "Centra refused the request: " : "Centra could not answer the request: ");
        }
        if (!data.isObject()) {
            throw new CentraException(CentraException.Kind.OUTCOME_UNKNOWN, "Centra answered without data", null, null);
        }
        return data;
    }

    /**
     * A GraphQL error answer. Authorization errors (a token without a permission) need an operator
     * (UNAUTHORIZED);
     * a request refused before it ran ({@code errors} without {@code data}) will be refused again;
     * anything else (an error while running, no data at all) is worth asking again.
     */
    public static CentraException failure(JsonNode json, String prefix) {
        JsonNode errors = json.path("errors");
        boolean authorization = false;
        for (JsonNode e : errors) {
            authorization |= "authorization".equals(e.path("extensions").path("category").asText());
        }
        boolean refusedBeforeRunning = errors.isArray() && !json.has("data");
        CentraException.Kind kind = authorization ? CentraException.Kind.UNAUTHORIZED
                : refusedBeforeRunning ? CentraException.Kind.FATAL : CentraException.Kind.OUTCOME_UNKNOWN;
        return new CentraException(kind, prefix + (errors.isMissingNode() ? "no errors given" : errors), null, null);
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
