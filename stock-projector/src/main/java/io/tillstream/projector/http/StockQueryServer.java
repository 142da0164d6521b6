package io.tillstream.projector.http;

import com.sun.net.httpserver.HttpExchange;
import io.tillstream.projector.topology.StockTopology;
import io.tillstream.schemas.StockLevel;
import io.tillstream.service.JsonHttp;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * {@code GET /v1/stock/{sku}} from the ledger store (interactive queries). While the instance is
 * not RUNNING (starting, rebalancing, restoring) it answers 503 with Retry-After rather than a
 * figure that may be stale.
 */
public final class StockQueryServer implements AutoCloseable {

    private static final String PREFIX = "/v1/stock/";

    private final KafkaStreams streams;
    private final JsonHttp http;

    public StockQueryServer(KafkaStreams streams, String host, int port) {
        this.streams = streams;
        this.http = new JsonHttp(host, port, 4).route(PREFIX, this::stock).health(streams).start();
    }

    public URI url() {
        return http.url();
    }

    private void stock(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getRawPath().substring(PREFIX.length());
        if (!"GET".equals(exchange.getRequestMethod()) || path.isEmpty() || path.contains("/")) {
            JsonHttp.problem(exchange, 404, "Not found", "Use GET /v1/stock/{sku}");
            return;
        }
        String sku = URLDecoder.decode(path, StandardCharsets.UTF_8);
        if (streams.state() != KafkaStreams.State.RUNNING) {
            JsonHttp.unavailable(exchange, "Projection not ready", "The projector is " + streams.state() + "; retry shortly");
            return;
        }
        List<StockLevel> levels;
        try {
            levels = levels(sku);
        } catch (InvalidStateStoreException e) {
            JsonHttp.unavailable(exchange, "Projection rebalancing", "The ledger is moving between instances; retry shortly");
            return;
        }
        if (levels.isEmpty()) {
            JsonHttp.problem(exchange, 404, "Unknown SKU", "No stock movement was ever seen for " + sku);
            return;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("sku", sku);
        body.put("ats", levels.stream().mapToInt(StockLevel::getAts).sum());
        body.put("locations", levels.stream().map(StockQueryServer::location).toList());
        JsonHttp.send(exchange, 200, body);
    }

    private List<StockLevel> levels(String sku) {
        ReadOnlyKeyValueStore<String, StockLevel> store = streams.store(StoreQueryParameters.fromNameAndType(
                StockTopology.LEDGER_STORE, QueryableStoreTypes.keyValueStore()));
        List<StockLevel> levels = new ArrayList<>();
        try (KeyValueIterator<String, StockLevel> it = store.prefixScan(sku + "|", new StringSerializer())) {
            it.forEachRemaining(kv -> levels.add(kv.value));
        }
        return levels;
    }

    private static Map<String, Object> location(StockLevel l) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("locationId", l.getLocationId());
        m.put("onHand", l.getOnHand());
        m.put("pendingInspection", l.getPendingInspection());
        m.put("safetyBuffer", l.getSafetyBuffer());
        m.put("ats", l.getAts());
        m.put("version", l.getVersion());
        m.put("asOf", l.getAsOf().toString());
        return m;
    }

    @Override
    public void close() {
        http.close();
    }
}
