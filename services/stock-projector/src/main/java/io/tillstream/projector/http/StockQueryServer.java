package io.tillstream.projector.http;

import com.sun.net.httpserver.HttpExchange;
import io.tillstream.projector.topology.ChangeHistory;
import io.tillstream.projector.topology.StockTopology;
import io.tillstream.schemas.StockChange;
import io.tillstream.schemas.StockLevel;
import io.tillstream.schemas.Topics;
import io.tillstream.service.access.Access;
import io.tillstream.service.access.TokenDirectory;
import io.tillstream.service.config.HttpTls;
import io.tillstream.service.http.JsonHttp;
import io.tillstream.service.streams.StreamsMetrics;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stock API over interactive queries; any instance answers.
 * <ul>
 *   <li>{@code GET /v1/stock/{sku}}: a SKU's locations are spread over every partition (the ledger is
 *       partitioned by store), so this asks every instance for its own part ({@code ?scope=local})
 *       and answers only when the parts cover every partition of the topic; otherwise 503 with
 *       Retry-After. The partitions expected are the topic's, not the ones the current assignment
 *       names: while a cooperative rebalance moves a task, no instance is named for it, and counting
 *       only the named ones would answer 200 with that partition's stores missing.</li>
 *   <li>{@code GET /v1/stock/{sku}/history?location=L}: one key, so it is forwarded to the instance
 *       that owns L's partition.</li>
 * </ul>
 * Only active stores are read, never standbys: a figure is current or there is no figure.
 */
public final class StockQueryServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(StockQueryServer.class);
    private static final String PREFIX = "/v1/stock/";
    /** Each waits at most 2 s for a peer; a few stalled clients must not leave none for the webshop. */
    private static final int THREADS = 16;
    private static final String HISTORY = "/history";
    private static final String LEDGER_TOPIC = Topics.POS_TRANSACTIONS.name();

    private final KafkaStreams streams;
    private final Set<Integer> allPartitions = new TreeSet<>();
    private final HostInfo self;
    private final PeerClient peers;
    private final JsonHttp http;

    /**
     * @param host             and {@code port} must be this instance's {@code application.server}, which peers are told
     * @param ledgerPartitions the partition count of the event topics (the ledger's partitioning)
     */
    public StockQueryServer(KafkaStreams streams, String host, int port, int ledgerPartitions, Access access,
                            TokenDirectory tokens, HttpTls tls) {
        this.streams = streams;
        for (int p = 0; p < ledgerPartitions; p++) {
            allPartitions.add(p);
        }
        this.self = new HostInfo(host, port);
        this.peers = new PeerClient(tls);
        this.http = new JsonHttp(host, port, THREADS, tokens, tls).route(PREFIX, access, this::stock).health("streams", streams::state, KafkaStreams.State::isRunningOrRebalancing)
                .metrics(StreamsMetrics.of(streams)).openApi("/openapi/stock-projector.yml").start();
    }

    public URI url() {
        return http.url();
    }

    /** What the server answers, for the test that holds {@code /openapi.yml} to it. */
    public List<JsonHttp.Route> routes() {
        return http.routes();
    }

    private void stock(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getRawPath().substring(PREFIX.length());
        boolean history = path.endsWith(HISTORY);
        if (history) {
            path = path.substring(0, path.length() - HISTORY.length());
        }
        if (!"GET".equals(exchange.getRequestMethod())) {
            JsonHttp.problem(exchange, 405, "Method not allowed", "Use GET");
            return;
        }
        if (path.isEmpty() || path.contains("/")) {
            JsonHttp.problem(exchange, 404, "Not found", "Use GET /v1/stock/{sku} or GET /v1/stock/{sku}/history?location=L");
            return;
        }
        String sku = JsonHttp.decode(path);
        Map<String, String> query = JsonHttp.query(exchange);
        boolean local = "local".equals(query.get("scope"));
        if (streams.state() != KafkaStreams.State.RUNNING) {
            JsonHttp.unavailable(exchange, "Projection not ready", "The projector is " + streams.state() + "; retry shortly");
            return;
        }
        try {
            if (history) {
                history(exchange, sku, query.get("location"), local);
            } else if (local) {
                JsonHttp.send(exchange, 200, localLevels(sku));
            } else {
                levels(exchange, sku);
            }
        } catch (InvalidStateStoreException | PeerClient.Unavailable e) {
            log.debug("Stock query for {} unavailable: {}", sku, e.getMessage());
            JsonHttp.unavailable(exchange, "Projection rebalancing", "The ledger is moving between instances; retry shortly");
        }
    }

    private void levels(HttpExchange exchange, String sku) throws IOException, PeerClient.Unavailable {
        Collection<StreamsMetadata> owners = streams.streamsMetadataForStore(StockTopology.LEDGER_STORE);
        Set<Integer> answered = new TreeSet<>();
        List<Map<String, Object>> locations = new ArrayList<>();
        for (StreamsMetadata owner : owners) {
            LedgerPart part = owner.hostInfo().equals(self) ? localLevels(sku)
                    : peers.levels(owner.hostInfo(), sku, authorization(exchange));
            answered.addAll(part.partitions());
            locations.addAll(part.locations());
        }
        if (!answered.containsAll(allPartitions)) {
            throw new PeerClient.Unavailable("partitions " + allPartitions + " but the answers cover " + answered);
        }
        if (locations.isEmpty()) {
            JsonHttp.problem(exchange, 404, "Unknown SKU", "No stock movement was ever seen for " + sku);
            return;
        }
        locations.sort(Comparator.comparing(l -> (String) l.get("locationId")));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("sku", sku);
        body.put("ats", locations.stream().mapToInt(l -> ((Number) l.get("ats")).intValue()).sum());
        body.put("locations", locations);
        JsonHttp.send(exchange, 200, body);
    }

    /** The caller's own credentials go to the peer, which checks them itself: no instance trusts another blindly. */
    private static String authorization(HttpExchange exchange) {
        return exchange.getRequestHeaders().getFirst("Authorization");
    }

    /** This instance's part of a SKU. */
    private LedgerPart localLevels(String sku) {
        Set<Integer> partitions = localPartitions();
        List<Map<String, Object>> locations = new ArrayList<>();
        for (StockLevel level : this.<StockLevel>scan(StockTopology.LEDGER_STORE, sku + "|")) {
            locations.add(location(level));
        }
        return new LedgerPart(sku, partitions, locations);
    }

    /** The latest changes of one (location, SKU), oldest first, with their causes: "why is it 3?". */
    private void history(HttpExchange exchange, String sku, String location, boolean local)
            throws IOException, PeerClient.Unavailable {
        if (location == null) {
            JsonHttp.problem(exchange, 400, "Missing location", "Use GET /v1/stock/{sku}/history?location=L");
            return;
        }
        // The ledger is partitioned by store: the location's partition holds every key of it.
        KeyQueryMetadata owner = streams.queryMetadataForKey(StockTopology.HISTORY_STORE, location, new StringSerializer());
        if (KeyQueryMetadata.NOT_AVAILABLE.equals(owner)) {
            throw new PeerClient.Unavailable("no instance owns " + location);
        }
        if (!local && !owner.activeHost().equals(self)) {
            HttpResponse<byte[]> forwarded = peers.history(owner.activeHost(), sku, location, authorization(exchange));
            JsonHttp.send(exchange, forwarded.statusCode(),
                    forwarded.headers().firstValue("Content-Type").orElse("application/json"), forwarded.body());
            return;
        }
        if (!localPartitions().contains(owner.partition())) {
            throw new PeerClient.Unavailable("partition " + owner.partition() + " is not active here");
        }
        List<StockChange> changes = scan(StockTopology.HISTORY_STORE, ChangeHistory.prefix(sku, location));
        if (changes.isEmpty()) {
            JsonHttp.problem(exchange, 404, "No history", "No change of on-hand was seen for " + sku + " at " + location);
            return;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("sku", sku);
        body.put("locationId", location);
        body.put("onHand", changes.get(changes.size() - 1).getOnHandAfter());
        body.put("changes", changes.stream().map(StockQueryServer::change).toList());
        JsonHttp.send(exchange, 200, body);
    }

    /** The ledger partitions this instance's active tasks own right now. */
    private Set<Integer> localPartitions() {
        Set<Integer> partitions = new TreeSet<>();
        streams.metadataForLocalThreads().forEach(thread -> thread.activeTasks()
                .forEach(task -> partitions.addAll(ledgerPartitions(task.topicPartitions()))));
        return partitions;
    }

    private <V> List<V> scan(String storeName, String prefix) {
        ReadOnlyKeyValueStore<String, V> store = streams.store(StoreQueryParameters.fromNameAndType(
                storeName, QueryableStoreTypes.<String, V>keyValueStore()));
        List<V> values = new ArrayList<>();
        try (KeyValueIterator<String, V> it = store.prefixScan(prefix, new StringSerializer())) {
            it.forEachRemaining(kv -> values.add(kv.value));
        }
        return values;
    }

    private static Set<Integer> ledgerPartitions(Set<TopicPartition> partitions) {
        Set<Integer> ledger = new TreeSet<>();
        partitions.stream().filter(tp -> tp.topic().equals(LEDGER_TOPIC)).forEach(tp -> ledger.add(tp.partition()));
        return ledger;
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

    private static Map<String, Object> change(StockChange c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("sequence", c.getSequence());
        m.put("delta", c.getDelta());
        m.put("onHandAfter", c.getOnHandAfter());
        m.put("reason", c.getReason());
        m.put("causeEventIds", c.getCauseEventIds());
        m.put("occurredAt", c.getOccurredAt().toString());
        return m;
    }

    @Override
    public void close() {
        http.close();
    }
}
