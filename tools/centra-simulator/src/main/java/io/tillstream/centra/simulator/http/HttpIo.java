package io.tillstream.centra.simulator.http;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Reading requests and writing JSON, problem+json and GraphQL-shaped error responses. */
public final class HttpIo {

    /** Large enough for a 10k-line catalog, small enough that a runaway client cannot exhaust the heap. */
    static final int MAX_BODY_BYTES = 32 * 1024 * 1024;

    // RFC 7231 IMF-fixdate; RFC_1123_DATE_TIME would drop the leading zero of the day.
    private static final DateTimeFormatter HTTP_DATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    private HttpIo() {
    }

    public static byte[] readBody(final HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            final byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
            if (body.length > MAX_BODY_BYTES) {
                throw new IllegalArgumentException("request body larger than " + MAX_BODY_BYTES + " bytes");
            }
            return body;
        }
    }

    public static void sendJson(final HttpExchange exchange, final int status, final Object body) throws IOException {
        send(exchange, status, "application/json", Json.MAPPER.writeValueAsBytes(body));
    }

    /** An RFC 9457 problem, the error shape of the /_sim/ endpoints. */
    public static void sendProblem(final HttpExchange exchange, final int status, final String title,
                                   final String detail) throws IOException {
        final Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "about:blank");
        problem.put("title", title);
        problem.put("status", status);
        problem.put("detail", detail);
        send(exchange, status, "application/problem+json", Json.MAPPER.writeValueAsBytes(problem));
    }

    /** {@code {"errors":[{"message":..,"extensions":{"category":..}}]}}, Centra's shape for a refused request. */
    public static void sendGraphQlError(final HttpExchange exchange, final int status, final String message,
                                        final String category) throws IOException {
        final Map<String, Object> error = new LinkedHashMap<>();
        error.put("message", message);
        error.put("extensions", Map.of("category", category));
        sendJson(exchange, status, Map.of("errors", List.of(error)));
    }

    /** An HTTP-date, rounded up to the whole second so a client waiting until then is never early. */
    public static String httpDate(final Instant instant) {
        final Instant truncated = instant.truncatedTo(ChronoUnit.SECONDS);
        return HTTP_DATE.format(truncated.equals(instant) ? instant : truncated.plusSeconds(1));
    }

    private static void send(final HttpExchange exchange, final int status, final String contentType,
                             final byte[] bytes) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType + "; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
