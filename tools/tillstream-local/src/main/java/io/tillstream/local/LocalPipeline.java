package io.tillstream.local;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.Micronaut;
import io.micronaut.runtime.server.EmbeddedServer;
import io.tillstream.embedded.kafka.EmbeddedKafka;
import io.tillstream.local.access.RoleTokens;
import io.tillstream.local.connect.ConnectWorker;
import io.tillstream.local.sample.OpeningStock;
import io.tillstream.local.sample.SampleCatalog;
import io.tillstream.local.sample.SampleStore;
import io.tillstream.local.sample.SampleStores;
import io.tillstream.projector.StockProjector;
import io.tillstream.reconciliation.Reconciliation;
import io.tillstream.reconciliation.ReconciliationSettings;
import io.tillstream.reconciliation.watch.ConnectWatch;
import io.tillstream.registry.client.SchemaRegistryClient;
import io.tillstream.registry.server.EmbeddedSchemaRegistry;
import io.tillstream.schemas.Role;
import io.tillstream.schemas.TopicProvisioner;
import io.tillstream.schemas.Topics;
import io.tillstream.service.access.StoreAdmin;
import io.tillstream.service.http.JsonHttp;
import io.tillstream.service.streams.StreamsSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole pipeline in one JVM: broker, registry, Centra (simulated), pos-ingest, the projector,
 * reconciliation and a Connect worker with the Centra sink. Each piece is the production one;
 * only where it runs is local. Stops in reverse order of start.
 */
public final class LocalPipeline implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LocalPipeline.class);
    /** One broker: a few partitions keep start-up and rebalances quick while still exercising keying. */
    private static final int LOCAL_PARTITIONS = 3;

    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private final LocalSettings settings;
    private final SampleCatalog catalog = new SampleCatalog();
    private List<SampleStore> stores;
    private EmbeddedCentra centra;
    private Reconciliation reconciliation;
    private Endpoints endpoints;
    private String bootstrapServers;

    private LocalPipeline(LocalSettings settings) {
        this.settings = settings;
    }

    public static LocalPipeline start(LocalSettings settings) {
        LocalPipeline pipeline = new LocalPipeline(settings);
        try {
            pipeline.startAll();
            return pipeline;
        } catch (RuntimeException | Error e) {
            pipeline.close();
            throw e;
        }
    }

    /**
     * The sample stores into the store registry, as a deployment's stores-init step imports its stores.yml:
     * stores the registry has already (a restart, or a store changed with ./tillstream store) stay as they are.
     */
    private void importStores(Path storesFile, String registryUrl) {
        try (StoreAdmin admin = new StoreAdmin(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers),
                new SchemaRegistryClient(registryUrl), Clock.systemUTC())) {
            admin.importFile(StoreAdmin.Who.of("tillstream-run"), storesFile).forEach(line -> log.debug("stores.yml: {}", line));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while importing the sample stores", e);
        }
    }

    private void startAll() {
        // before the registry's JDK server, the first of this JVM: the limit is read once
        JsonHttp.limitRequestTime();
        Path dataDir = settings.dataDir().toAbsolutePath();
        mkdirs(dataDir);
        LocalSettings.Ports ports = settings.ports();

        bootstrapServers = settings.bootstrapServers();
        if (bootstrapServers == null) {
            EmbeddedKafka kafka = started(EmbeddedKafka.start(dataDir.resolve("kafka"), ports.kafka()));
            bootstrapServers = kafka.bootstrapServers();
        }
        provisionTopics();

        String registryUrl = settings.registryUrl();
        if (registryUrl == null) {
            EmbeddedSchemaRegistry registry = started(EmbeddedSchemaRegistry.start(bootstrapServers, ports.registry()));
            registryUrl = registry.url().toString();
        }

        Map<Role, String> roleTokens = RoleTokens.loadOrIssue(dataDir,
                Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers), new SchemaRegistryClient(registryUrl));
        stores = SampleStores.loadOrCreate(dataDir, settings.stores());
        importStores(SampleStores.writeRegistry(dataDir, stores), registryUrl);
        centra = started(settings.embeddedCentra()
                ? EmbeddedCentra.start(dataDir, ports.centra(), catalog.centraCatalogJson(stores))
                : EmbeddedCentra.external(settings.centraUrl(), settings.centraTokenFile()));

        ApplicationContext ingest = started(Micronaut.build(new String[0])
                .mainClass(io.tillstream.ingest.Application.class)
                .banner(false)
                .properties(Map.of(
                        "micronaut.server.port", ports.posIngest() == 0 ? -1 : ports.posIngest(),
                        "tillstream.bootstrap.servers", bootstrapServers,
                        "tillstream.schema-registry.url", registryUrl,
                        // The per-store budget protects a shared production broker from a till stuck in a
                        // retry loop; on one machine it would only refuse the user's own load (--rate above
                        // 50/s per store, a scenario posting a burst), so the local pipeline runs without it.
                        "tillstream.ingest.rate-limit.enabled", false))
                .start());
        String ingestUrl = ingest.getBean(EmbeddedServer.class).getURL().toString();

        StockProjector projector = started(StockProjector.start(StreamsSettings.local(StockProjector.APPLICATION_ID,
                bootstrapServers, registryUrl, dataDir.resolve("streams"), ports.projector())));
        ReconciliationSettings rules = ReconciliationSettings.defaults();
        reconciliation = started(Reconciliation.start(StreamsSettings.local(Reconciliation.APPLICATION_ID,
                bootstrapServers, registryUrl, dataDir.resolve("streams"), ports.reconciliation()),
                settings.syncSlo() == null ? rules : rules.withSyncSlo(settings.syncSlo())));

        ConnectWorker connect = started(ConnectWorker.start(bootstrapServers, registryUrl,
                dataDir.resolve("connect.offsets"), ports.connect(), dataDir.resolve("connect-secrets")));
        try {
            connect.startCentraSink(centra.url(), centra.token());
            connect.startCentraSources(centra.url(), centra.token());
        } catch (Exception e) {
            throw new IllegalStateException("Could not start the Centra connectors: " + e.getMessage(), e);
        }
        // A pipeline run with a sync SLO of seconds (a demo, the end-to-end test) checks Connect as
        // often: a dead sink must not go unseen for longer than the SLO it is held to.
        Duration every = settings.syncSlo() == null || settings.syncSlo().compareTo(ConnectWatch.INTERVAL) >= 0
                ? ConnectWatch.INTERVAL : settings.syncSlo();
        reconciliation.watchConnect(List.of(connect.url()), ConnectWorker.SINK_NAME, every);

        endpoints = new Endpoints(ingestUrl, projector.url().toString(), reconciliation.url().toString(),
                centra.url(), connect.url().toString(), registryUrl, bootstrapServers, stores, roleTokens, null);
        endpoints.write(dataDir);
        OpeningStock.postOnce(dataDir, ingestUrl, stores, catalog);
    }

    private void provisionTopics() {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            int brokers = admin.describeCluster().nodes().get().size();
            boolean local = settings.bootstrapServers() == null;
            new TopicProvisioner(admin, local ? LOCAL_PARTITIONS : Integer.MAX_VALUE, (short) Math.min(3, brokers))
                    .provision(Topics.ALL);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while provisioning topics", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("Kafka at " + bootstrapServers + " is unreachable: " + e.getCause(), e);
        }
    }

    private <T extends AutoCloseable> T started(T component) {
        started.push(component);
        return component;
    }

    private static void mkdirs(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not create data directory " + dir, e);
        }
    }

    public Endpoints endpoints() {
        return endpoints;
    }

    public SampleCatalog catalog() {
        return catalog;
    }

    public List<SampleStore> stores() {
        return stores;
    }

    public EmbeddedCentra centra() {
        return centra;
    }

    public Reconciliation reconciliation() {
        return reconciliation;
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    @Override
    public void close() {
        while (!started.isEmpty()) {
            AutoCloseable component = started.pop();
            try {
                component.close();
            } catch (Exception e) {
                log.warn("Stopping {} failed: {}", component.getClass().getSimpleName(), e.toString());
            }
        }
    }
}
