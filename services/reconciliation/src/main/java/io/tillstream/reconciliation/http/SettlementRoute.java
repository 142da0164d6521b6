package io.tillstream.reconciliation.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.tillstream.reconciliation.finance.SettlementParser;
import io.tillstream.reconciliation.finance.SettlementSink;
import io.tillstream.service.http.JsonHttp;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /v1/settlements}: a provider's payout lines as a JSON array or {@code text/csv}, appended
 * to {@code payments.settlements.v1} all or nothing, with the uploader in the audit trail →
 * {@code 202 {"accepted": n}}.
 */
final class SettlementRoute implements HttpHandler {

    static final int MAX_BODY_BYTES = 5 * 1024 * 1024;
    private static final long DRAIN_BYTES = 64L * 1024 * 1024;
    private static final Logger log = LoggerFactory.getLogger(SettlementRoute.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SettlementSink sink;
    private final Clock clock;

    SettlementRoute(SettlementSink sink, Clock clock) {
        this.sink = sink;
        this.clock = clock;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        if (!JsonHttp.allows(exchange, "POST")) {
            return;
        }
        String type = String.valueOf(exchange.getRequestHeaders().getFirst("Content-Type")).toLowerCase();
        boolean csv = type.startsWith("text/csv");
        if (!csv && !type.startsWith("application/json")) {
            JsonHttp.problem(exchange, 415, "Unsupported media type", "Send application/json or text/csv");
            return;
        }
        byte[] body = exchange.getRequestBody().readNBytes(MAX_BODY_BYTES + 1);
        if (body.length > MAX_BODY_BYTES) {
            // read (and drop) what is still coming, up to a bound, so that the uploader hears why instead
            // of a reset connection; the request time limit bounds a slow sender
            drain(exchange.getRequestBody());
            JsonHttp.problem(exchange, 413, "Too large", "At most " + MAX_BODY_BYTES + " bytes per upload");
            return;
        }
        SettlementParser.Parsed parsed = csv
                ? SettlementParser.csv(new String(body, StandardCharsets.UTF_8), clock.instant())
                : SettlementParser.json(body, clock.instant());
        if (!parsed.errors().isEmpty()) {
            invalid(exchange, parsed.errors());
            return;
        }
        try {
            sink.append(parsed.settlements(), JsonHttp.caller(), JsonHttp.requestId());
        } catch (KafkaException e) {
            log.error("Could not append {} settlements", parsed.settlements().size(), e);
            JsonHttp.unavailable(exchange, "Not appended", "The settlements could not be stored; nothing was "
                    + "accepted, retry the whole upload");
            return;
        }
        log.info("Accepted {} settlements from {}", parsed.settlements().size(), JsonHttp.caller().name());
        JsonHttp.send(exchange, 202, Map.of("accepted", parsed.settlements().size()));
    }

    private static void drain(InputStream body) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long left = DRAIN_BYTES;
        for (int n; left > 0 && (n = body.read(buffer, 0, (int) Math.min(buffer.length, left))) >= 0; ) {
            left -= n;
        }
    }

    private static void invalid(HttpExchange exchange, List<SettlementParser.RowError> errors) throws IOException {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "about:blank");
        problem.put("title", "Invalid settlements");
        problem.put("status", 400);
        problem.put("detail", errors.size() + " problem(s); nothing was accepted");
        problem.put("errors", errors.stream().map(e -> Map.of("row", e.row(), "field", e.field(),
                "message", e.message())).toList());
        JsonHttp.send(exchange, 400, JsonHttp.PROBLEM, JSON.writeValueAsBytes(problem));
    }
}
