package io.tillstream.reconciliation.http;

import com.sun.net.httpserver.HttpExchange;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tillstream.reconciliation.acknowledgements.Acknowledgements;
import io.tillstream.reconciliation.finance.SettlementSink;
import io.tillstream.reconciliation.topology.ReconciliationTopology;
import io.tillstream.registry.client.SchemaRegistryClient;
import io.tillstream.schemas.ExceptionAcknowledgement;
import io.tillstream.schemas.ExceptionStatus;
import io.tillstream.schemas.Owner;
import io.tillstream.schemas.ReconciliationException;
import io.tillstream.schemas.Role;
import io.tillstream.service.access.Access;
import io.tillstream.reconciliation.finance.Settlements;
import io.tillstream.service.access.StoreAdmin;
import io.tillstream.service.access.TokenDirectory;
import io.tillstream.service.audit.AuditTrail;
import io.tillstream.service.audit.AuditView;
import io.tillstream.service.config.HttpTls;
import io.tillstream.service.http.JsonHttp;
import io.tillstream.service.streams.StreamsMetrics;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The reconciliation API: {@code GET /v1/exceptions?status=&owner=&type=&storeId=&sku=} from the
 * global exceptions view, finance's daily totals and settlement upload, the drift per Centra warehouse,
 * and the operations dashboard at {@code /}.
 */
public final class ExceptionQueryServer implements AutoCloseable {

    private static final long SNAPSHOT_TTL_NANOS = 1_000_000_000L;
    /** Enough that a few clients trickling bodies (each held up to the request time limit) leave room. */
    private static final int THREADS = 8;
    /** At most this many exceptions in one answer (newest first); narrow with the filters for more. */
    static final int MAX_ANSWER = 5000;

    private final KafkaStreams streams;
    private final Acknowledgements acknowledgements;
    private final JsonHttp http;
    private volatile Snapshot snapshot;

    /**
     * What the API works with besides the Streams state.
     *
     * @param settlements      where uploaded payouts go (with their audit entry)
     * @param audit            writes human actions with their audit entries
     * @param auditView        the newest audit entries, for {@code GET /v1/audit}
     * @param acknowledgements who took which exception on
     * @param registry         for the acknowledgements' Avro values
     * @param tokens           the API tokens in force
     * @param stores           the store registry's writer, for {@code /v1/stores}
     * @param settlementBook   every payout line and deposit slip, for the journal
     */
    public record Parts(SettlementSink settlements, AuditTrail audit, AuditView auditView,
                        Acknowledgements acknowledgements, SchemaRegistryClient registry, TokenDirectory tokens,
                        StoreAdmin stores, Settlements settlementBook) {
    }

    /**
     * Exceptions, drift and the audit trail are for the four owner teams (acknowledging for the
     * exception's own); money only for FINANCE. The dashboard page itself is static and asks for a
     * token, which its calls then carry.
     */
    public ExceptionQueryServer(KafkaStreams streams, String host, int port, Parts parts, HttpTls tls) {
        this.streams = streams;
        this.acknowledgements = parts.acknowledgements();
        this.http = new JsonHttp(host, port, THREADS, parts.tokens(), tls)
                .resource("/v1/exceptions", Access.staff(), this::exceptions)
                .route(AcknowledgeRoute.PREFIX, Access.staff(), new AcknowledgeRoute(this::find,
                        parts.acknowledgements(), parts.audit(), parts.registry(), Clock.systemUTC()))
                .resource("/v1/finance/daily-totals", Access.anyOf(Role.FINANCE),
                        new DailyTotalsRoute(new DailyTotalsView(streams)))
                .resource(JournalRoute.PATH, Access.anyOf(Role.FINANCE), new JournalRoute(new DailyTotalsView(streams),
                        parts.settlementBook()))
                .resource(MonthCloseRoute.PATH, Access.anyOf(Role.FINANCE), new MonthCloseRoute(
                        new DailyTotalsView(streams), parts.settlementBook(), this::all,
                        MonthCloseRoute.Recorder.auditTrail(parts.audit()), Clock.systemUTC()))
                .resource("/v1/settlements", Access.anyOf(Role.FINANCE),
                        new SettlementRoute(parts.settlements(), Clock.systemUTC()))
                .resource("/v1/drift/warehouses", Access.staff(), new DriftRoute(this::all, Clock.systemUTC()))
                .resource("/v1/audit", Access.staff(), new AuditRoute(parts.auditView()))
                .resource(StoreRoute.PATH, Access.staff(), new StoreRoute(parts.stores()))
                .route(StoreRoute.PREFIX, Access.staff(), new StoreRoute(parts.stores()))
                .resource("/v1/me", Access.anyOf(Role.RETAIL_OPS, Role.ECOMMERCE, Role.FINANCE, Role.INTEGRATION,
                        Role.STOCK_READER), ExceptionQueryServer::me)
                .health("streams", streams::state, KafkaStreams.State::isRunningOrRebalancing)
                .metrics(metrics(streams))
                .openApi("/openapi/reconciliation.yml")
                .route("/", Access.PUBLIC, this::dashboard)
                .start();
    }

    /** One exception by id, from the view. */
    public Optional<ReconciliationException> find(String id) {
        return all().stream().filter(e -> e.getId().equals(id)).findFirst();
    }

    /** Kafka Streams' metrics and, per owner team, its open exceptions (the Grafana dashboard's panel). */
    private PrometheusMeterRegistry metrics(KafkaStreams streams) {
        PrometheusMeterRegistry registry = StreamsMetrics.of(streams);
        for (Owner owner : Owner.values()) {
            Gauge.builder("tillstream.exceptions.open", () -> openFor(owner))
                    .tag("owner", owner.name())
                    .description("Open reconciliation exceptions of the owner team")
                    .register(registry);
        }
        return registry;
    }

    /** NaN while the exceptions view is loading: Prometheus then shows a gap, not a false zero. */
    private double openFor(Owner owner) {
        try {
            return all().stream().filter(e -> e.getOwner() == owner && e.getStatus() == ExceptionStatus.OPEN).count();
        } catch (InvalidStateStoreException e) {
            return Double.NaN;
        }
    }

    public URI url() {
        return http.url();
    }

    /** What the server answers, for the test that holds {@code /openapi.yml} to it. */
    public List<JsonHttp.Route> routes() {
        return http.routes();
    }

    /**
     * Every exception, newest first, for a status line or the API. The view holds every exception ever
     * raised (resolved ones too), so one scan is taken at most once a second and shared by every
     * request, scrape and status line in that second: the work no longer grows with the request rate.
     */
    public List<ReconciliationException> all() {
        Snapshot current = snapshot;
        long now = System.nanoTime();
        if (current != null && now - current.takenAt() < SNAPSHOT_TTL_NANOS) {
            return current.exceptions();
        }
        synchronized (this) {
            current = snapshot;
            if (current != null && System.nanoTime() - current.takenAt() < SNAPSHOT_TTL_NANOS) {
                return current.exceptions();
            }
            ReadOnlyKeyValueStore<String, ReconciliationException> store = streams.store(
                    StoreQueryParameters.fromNameAndType(ReconciliationTopology.VIEW_STORE,
                            QueryableStoreTypes.keyValueStore()));
            List<ReconciliationException> all = new ArrayList<>();
            try (KeyValueIterator<String, ReconciliationException> it = store.all()) {
                it.forEachRemaining(kv -> all.add(kv.value));
            }
            all.sort(Comparator.comparing(ReconciliationException::getLastSeenAt).reversed());
            snapshot = new Snapshot(System.nanoTime(), List.copyOf(all));
            return snapshot.exceptions();
        }
    }

    private record Snapshot(long takenAt, List<ReconciliationException> exceptions) {
    }

    private void exceptions(HttpExchange exchange) throws IOException {
        if (!JsonHttp.allows(exchange, "GET")) {
            return;
        }
        ExceptionFilter filter;
        try {
            filter = ExceptionFilter.of(JsonHttp.query(exchange));
        } catch (IllegalArgumentException e) {
            JsonHttp.problem(exchange, 400, "Bad filter", e.getMessage());
            return;
        }
        List<Map<String, Object>> matches;
        try {
            matches = all().stream()
                    .filter(filter::matches)
                    .limit(MAX_ANSWER)
                    .map(e -> json(e, acknowledgements.of(e)))
                    .toList();
        } catch (InvalidStateStoreException e) {
            JsonHttp.unavailable(exchange, "Not ready", "The exceptions view is still loading");
            return;
        }
        JsonHttp.send(exchange, 200, matches);
    }

    /** Who the token belongs to: the dashboard shows it after sign-in. */
    private static void me(HttpExchange exchange) throws IOException {
        JsonHttp.send(exchange, 200, Map.of("name", JsonHttp.caller().name(), "role", JsonHttp.caller().role().name()));
    }

    static Map<String, Object> json(ReconciliationException e, Optional<ExceptionAcknowledgement> ack) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", e.getId());
        m.put("type", e.getType().name());
        m.put("owner", e.getOwner().name());
        m.put("severity", e.getSeverity().name());
        m.put("status", e.getStatus().name());
        m.put("storeId", e.getStoreId());
        m.put("sku", e.getSku());
        m.put("expected", e.getExpected());
        m.put("actual", e.getActual());
        m.put("firstSeenAt", e.getFirstSeenAt().toString());
        m.put("lastSeenAt", e.getLastSeenAt().toString());
        m.put("resolvedAt", e.getResolvedAt() == null ? null : e.getResolvedAt().toString());
        m.put("detail", e.getDetail());
        m.put("runbook", e.getRunbook());
        m.put("acknowledgedBy", ack.map(ExceptionAcknowledgement::getBy).orElse(null));
        m.put("acknowledgedAt", ack.map(a -> a.getAt().toString()).orElse(null));
        m.put("acknowledgementNote", ack.map(ExceptionAcknowledgement::getNote).orElse(null));
        return m;
    }

    private void dashboard(HttpExchange exchange) throws IOException {
        try (InputStream page = getClass().getResourceAsStream("/dashboard.html")) {
            if (!exchange.getRequestURI().getPath().equals("/") || page == null) {
                JsonHttp.problem(exchange, 404, "Not found", "No such page: " + exchange.getRequestURI().getPath());
                return;
            }
            JsonHttp.send(exchange, 200, "text/html; charset=utf-8", page.readAllBytes());
        }
    }

    @Override
    public void close() {
        http.close();
    }
}
