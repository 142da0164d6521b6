package io.tillstream.reconciliation;

import io.tillstream.reconciliation.acknowledgements.Acknowledgements;
import io.tillstream.reconciliation.alerts.AlertFeed;
import io.tillstream.reconciliation.alerts.AlertSettings;
import io.tillstream.reconciliation.finance.KafkaSettlementSink;
import io.tillstream.reconciliation.finance.SettlementBook;
import io.tillstream.reconciliation.http.ExceptionQueryServer;
import io.tillstream.reconciliation.topology.ReconciliationTopology;
import io.tillstream.reconciliation.watch.ConnectWatch;
import io.tillstream.reconciliation.watch.KafkaExceptions;
import io.tillstream.registry.client.SchemaRegistryClient;
import io.tillstream.registry.serde.ConfluentAvroSerde;
import io.tillstream.schemas.ExceptionStatus;
import io.tillstream.schemas.Owner;
import io.tillstream.schemas.ReconciliationException;
import io.tillstream.schemas.Topics;
import io.tillstream.domain.finance.ClosedMonths;
import io.tillstream.domain.stores.StoreDirectory;
import io.tillstream.schemas.AuditEntry;
import io.tillstream.service.access.AccessTokenFeed;
import io.tillstream.service.access.StoreAdmin;
import io.tillstream.service.stores.StoreFeed;
import io.tillstream.service.audit.AuditTrail;
import io.tillstream.service.audit.AuditView;
import io.tillstream.service.http.JsonHttp;
import io.tillstream.service.streams.DeadLetters;
import io.tillstream.service.streams.StaticMembership;
import io.tillstream.service.streams.StreamsLifecycle;
import io.tillstream.service.streams.StreamsSettings;
import io.tillstream.service.topics.TopicSerdes;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reconciliation service: the {@link ReconciliationTopology}, its HTTP API and dashboard, and the
 * owners' webhooks ({@link AlertFeed}, when any is configured).
 */
public final class Reconciliation implements AutoCloseable {

    public static final String APPLICATION_ID = "tillstream-reconciliation";
    /** How long a start waits for the store registry: closing days on UTC hours would be wrong, not late. */
    private static final Duration STORES_LOAD_TIMEOUT = Duration.ofMinutes(2);
    /**
     * Kafka Connect's REST URL, or every worker's comma-separated, to watch the Centra sink
     * (CONNECTOR_FAILED, CENTRA_AUTH_FAILED); unset: not watched.
     */
    public static final String CONNECT_URL_ENV = "TILLSTREAM_CONNECT_URL";
    /** The Centra sink's connector name on that Connect cluster. */
    public static final String CONNECT_SINK_ENV = "TILLSTREAM_CONNECT_SINK";
    public static final String DEFAULT_SINK = "centra-stock-sink";
    /** How long a store movement may wait for Centra before SYNC_STALLED, ISO-8601 (PT5M, the default). */
    public static final String SYNC_SLO_ENV = "TILLSTREAM_SYNC_SLO";
    /** Banking days after a store-day by which its card payments must have a payout (SETTLEMENT_MISSING). */
    public static final String PAYOUT_DAYS_ENV = "TILLSTREAM_PAYOUT_DAYS";
    /** Banking days after a store-day by which its cash must be banked (DEPOSIT_MISSING). */
    public static final String DEPOSIT_DAYS_ENV = "TILLSTREAM_DEPOSIT_DAYS";
    private static final Duration COMMIT_INTERVAL = Duration.ofMillis(500);
    private static final Logger log = LoggerFactory.getLogger(Reconciliation.class);

    private final KafkaStreams streams;
    private final ExceptionQueryServer http;
    private final AuditTrail audit;
    private final AuditView auditView;
    private final AccessTokenFeed tokens;
    private final StoreFeed stores;
    private final StoreAdmin storeAdmin;
    private final SettlementBook settlementBook;
    private final Acknowledgements acknowledgements;
    private final AlertFeed alerts;
    private final StreamsSettings settings;
    private ConnectWatch connectWatch;
    private KafkaExceptions watchedExceptions;

    private Reconciliation(KafkaStreams streams, ExceptionQueryServer http, AuditTrail audit, AuditView auditView,
                           AccessTokenFeed tokens, Acknowledgements acknowledgements, AlertFeed alerts,
                           StoreFeed stores, StoreAdmin storeAdmin, SettlementBook settlementBook,
                           StreamsSettings settings) {
        this.stores = stores;
        this.storeAdmin = storeAdmin;
        this.settlementBook = settlementBook;
        this.acknowledgements = acknowledgements;
        this.streams = streams;
        this.http = http;
        this.audit = audit;
        this.auditView = auditView;
        this.tokens = tokens;
        this.alerts = alerts;
        this.settings = settings;
    }

    /**
     * Watches the Centra sink on Kafka Connect's REST API (see {@link ConnectWatch}); called once
     * the Connect workers' URLs are known. Of several instances, the one running the sync watchdog's
     * task watches: that task reads a one-partition topic, so exactly one instance has it, and Streams
     * moves it to another when that one goes.
     *
     * @param connectWorkers the Connect cluster's workers' REST roots (any one answers for the connector)
     */
    public void watchConnect(List<URI> connectWorkers, String sinkConnector) {
        watchConnect(connectWorkers, sinkConnector, ConnectWatch.INTERVAL);
    }

    /** @param every how often Connect is asked (every 15 s unless a pipeline's SLOs are shorter) */
    public void watchConnect(List<URI> connectWorkers, String sinkConnector, Duration every) {
        SchemaRegistryClient registry = new SchemaRegistryClient(settings.registryClientProperties());
        watchedExceptions = new KafkaExceptions(settings.kafkaClientProperties(), registry, this::find);
        connectWatch = new ConnectWatch(connectWorkers, sinkConnector, this::runsSyncWatch, watchedExceptions,
                Clock.systemUTC()).start(every);
    }

    private boolean runsSyncWatch() {
        return streams.metadataForLocalThreads().stream().flatMap(thread -> thread.activeTasks().stream())
                .anyMatch(task -> task.topicPartitions().stream()
                        .anyMatch(tp -> tp.topic().endsWith(ReconciliationTopology.SYNC_WATCH_INPUT + "-repartition")));
    }

    private Optional<ReconciliationException> find(String id) {
        try {
            return http.find(id);
        } catch (InvalidStateStoreException loading) {
            return Optional.empty();
        }
    }

    /** Every store on UTC, closing at 23:59, with the default thresholds. */
    public static Reconciliation start(StreamsSettings settings) {
        return start(settings, ReconciliationSettings.defaults());
    }

    public static Reconciliation start(StreamsSettings settings, ReconciliationSettings rules) {
        int eventPartitions = requireCoPartitioned(settings.kafkaClientProperties(), Topics.POS_TRANSACTIONS.name(),
                Topics.SETTLEMENTS.name());
        SchemaRegistryClient registry = new SchemaRegistryClient(settings.registryClientProperties());
        StoreFeed stores = followStores(settings.kafkaClientProperties(), registry, rules.stores());
        TopicSerdes serdes = new TopicSerdes(registry);
        Topology topology = ReconciliationTopology.build(serdes, rules, eventPartitions);
        // After a crash the restarted instance takes its own place in the group at once (see StaticMembership).
        KafkaStreams streams = new KafkaStreams(topology, DeadLetters.configure(StaticMembership.configure(
                settings.streamsProperties(COMMIT_INTERVAL), settings), topology, Topics.deadLettered()));
        StreamsLifecycle.start(streams, "reconciliation");
        AuditTrail audit = new AuditTrail(settings.kafkaClientProperties(), registry, "reconciliation", Clock.systemUTC());
        // The months finance closed, from the trail every instance reads: a late transaction in one is flagged.
        AuditView auditView = AuditView.start(settings.kafkaClientProperties(), registry,
                entry -> monthClosed(entry, rules.closedMonths()));
        AccessTokenFeed tokens = AccessTokenFeed.start(settings.kafkaClientProperties(), registry);
        Acknowledgements acknowledgements = Acknowledgements.start(settings.kafkaClientProperties(), registry);
        StoreAdmin storeAdmin = new StoreAdmin(settings.kafkaClientProperties(), registry, audit, Clock.systemUTC());
        SettlementBook settlementBook = SettlementBook.start(settings.kafkaClientProperties(), registry);
        ExceptionQueryServer http = new ExceptionQueryServer(streams, settings.host(), settings.port(),
                new ExceptionQueryServer.Parts(new KafkaSettlementSink(audit, registry), audit, auditView,
                        acknowledgements, registry, tokens.directory(), storeAdmin, settlementBook), settings.httpTls());
        // its own consumer group, so "already alerted" survives restarts in that group's offsets; its own
        // deserializer, as its consumer closes it
        AlertFeed alerts = rules.alerts().enabled() ? new AlertFeed(settings.kafkaClientProperties(),
                settings.applicationId() + "-alerts", Topics.EXCEPTIONS.name(),
                new ConfluentAvroSerde<ReconciliationException>(registry, Topics.EXCEPTIONS.valueSchema()).deserializer(),
                rules.alerts(), Clock.systemUTC()) : null;
        log.info("Reconciliation started: {}", http.url());
        return new Reconciliation(streams, http, audit, auditView, tokens, acknowledgements, alerts, stores, storeAdmin,
                settlementBook, settings);
    }

    private static void monthClosed(AuditEntry entry, ClosedMonths months) {
        if (ClosedMonths.AUDIT_ACTION.equals(entry.getAction()) && entry.getTarget() != null) {
            try {
                months.close(YearMonth.parse(entry.getTarget()), entry.getAt());
            } catch (DateTimeParseException e) {
                log.warn("Audit entry {} closes no month: {}", entry.getId(), entry.getTarget());
            }
        }
    }

    /**
     * Follows the store registry into the rules' directory, live, and waits until it has been read: a
     * store's day closed on the UTC default before its time zone is known would be closed wrongly.
     */
    private static StoreFeed followStores(Map<String, Object> kafkaClient, SchemaRegistryClient registry,
                                          StoreDirectory directory) {
        StoreFeed feed = StoreFeed.start(kafkaClient, registry, directory::apply);
        try {
            if (!feed.awaitLoaded(STORES_LOAD_TIMEOUT)) {
                feed.close();
                throw new IllegalStateException("Could not read the store registry (" + Topics.STORES.name()
                        + ") within " + STORES_LOAD_TIMEOUT.toSeconds() + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            feed.close();
            throw new IllegalStateException("Interrupted while reading the store registry", e);
        }
        log.info("Store registry read: {} store(s)", directory.all().size());
        return feed;
    }

    /**
     * Settlements are matched in the same task as their store's transactions, so both topics must
     * spread stores over partitions alike; a difference would silently match against the wrong days.
     *
     * @return their partition count (the production default when they cannot be described yet)
     */
    private static int requireCoPartitioned(Map<String, Object> kafkaClient, String first, String second) {
        try (Admin admin = Admin.create(kafkaClient)) {
            Map<String, TopicDescription> topics = admin.describeTopics(List.of(first, second)).allTopicNames()
                    .get(30, TimeUnit.SECONDS);
            int a = topics.get(first).partitions().size();
            int b = topics.get(second).partitions().size();
            if (a != b) {
                throw new IllegalStateException(first + " has " + a + " partitions but " + second + " has " + b
                        + ": reconciliation needs them equal to match settlements against the right days");
            }
            return a;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while describing " + first + " and " + second, e);
        } catch (ExecutionException | TimeoutException e) {
            // missing topics: Kafka Streams reports them itself when it starts
            log.warn("Could not compare the partitions of {} and {}: {}", first, second, e.getMessage());
            return Topics.POS_TRANSACTIONS.partitions();
        }
    }

    public URI url() {
        return http.url();
    }

    /** The API's routes (see {@code /openapi.yml}). */
    public List<JsonHttp.Route> routes() {
        return http.routes();
    }

    /** Open exceptions per owner, for status lines; empty while the view is loading. */
    public Map<Owner, Integer> openByOwner() {
        Map<Owner, Integer> counts = new EnumMap<>(Owner.class);
        try {
            http.all().stream().filter(e -> e.getStatus() == ExceptionStatus.OPEN)
                    .forEach(e -> counts.merge(e.getOwner(), 1, Integer::sum));
        } catch (InvalidStateStoreException loading) {
            // not ready yet: report nothing rather than zero
        }
        return counts;
    }

    @Override
    public void close() {
        if (connectWatch != null) {
            connectWatch.close();
            watchedExceptions.close();
        }
        if (alerts != null) {
            alerts.close();
        }
        http.close();
        storeAdmin.close();
        settlementBook.close();
        audit.close();
        auditView.close();
        tokens.close();
        acknowledgements.close();
        StreamsLifecycle.stop(streams);
        stores.close();
    }

    /** {@code Reconciliation <bootstrap servers> <registry url> <state dir> [port]}; stores from the registry. */
    public static void main(String[] args) throws InterruptedException {
        StreamsSettings settings;
        if (args.length == 0) {
            // In a container: everything from TILLSTREAM_* variables (see StreamsSettings).
            settings = StreamsSettings.fromEnvironment(APPLICATION_ID, 8082, System.getenv());
        } else if (args.length >= 3) {
            int port = args.length > 3 ? Integer.parseInt(args[3]) : 8082;
            settings = StreamsSettings.local(APPLICATION_ID, args[0], args[1], Path.of(args[2]), port);
        } else {
            System.err.println("usage: Reconciliation <bootstrap-servers> <schema-registry-url> <state-dir> [port]"
                    + "\n   or: Reconciliation   (with TILLSTREAM_* environment variables)");
            System.exit(2);
            return;
        }
        ReconciliationSettings rules = ReconciliationSettings.defaults()
                .withAlerts(AlertSettings.fromEnvironment(System.getenv()));
        String slo = System.getenv(SYNC_SLO_ENV);
        if (slo != null && !slo.isBlank()) {
            try {
                rules = rules.withSyncSlo(Duration.parse(slo.trim()));
            } catch (RuntimeException e) {
                System.err.println(SYNC_SLO_ENV + " must be an ISO-8601 duration such as PT5M, not " + slo);
                System.exit(2);
            }
        }
        rules = rules.withPayoutDays(bankingDays(PAYOUT_DAYS_ENV, rules.payoutDays()))
                .withDepositDays(bankingDays(DEPOSIT_DAYS_ENV, rules.depositDays()));
        Reconciliation reconciliation = start(settings, rules);
        String connectUrl = System.getenv(CONNECT_URL_ENV);
        if (connectUrl != null && !connectUrl.isBlank()) {
            String sink = System.getenv(CONNECT_SINK_ENV);
            // one worker's URL, or several comma-separated: the watch asks each for its own tasks
            reconciliation.watchConnect(Arrays.stream(connectUrl.split(",")).map(String::trim)
                    .filter(u -> !u.isEmpty()).map(URI::create).toList(), sink == null || sink.isBlank() ? DEFAULT_SINK : sink);
        }
        StreamsLifecycle.runUntilShutdown(reconciliation, reconciliation.streams);
    }

    /** A number of banking days from the environment, or the default; a bad value stops the service. */
    private static int bankingDays(String variable, int byDefault) {
        String value = System.getenv(variable);
        if (value == null || value.isBlank()) {
            return byDefault;
        }
        try {
            int days = Integer.parseInt(value.trim());
            if (days >= 0) {
                return days;
            }
        } catch (NumberFormatException e) {
            // told below
        }
        System.err.println(variable + " must be a number of banking days (0 or more), not " + value);
        System.exit(2);
        return byDefault;
    }
}
