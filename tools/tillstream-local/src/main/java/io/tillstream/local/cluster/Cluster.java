package io.tillstream.local.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tillstream.centra.simulator.RateLimitUsage;
import io.tillstream.local.EmbeddedCentra;
import io.tillstream.local.Endpoints;
import io.tillstream.local.KafkaClientFile;
import io.tillstream.local.secure.KafkaSecrets;
import io.tillstream.local.access.RoleTokens;
import io.tillstream.local.sample.OpeningStock;
import io.tillstream.local.sample.SampleCatalog;
import io.tillstream.local.sample.SampleStore;
import io.tillstream.local.sample.SampleStores;
import io.tillstream.registry.client.SchemaRegistryClient;
import io.tillstream.schemas.Owner;
import io.tillstream.schemas.Role;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * The production shape on one machine: every process of {@link ClusterPlan} started in dependency
 * order (brokers, topics, registries, Centra, the services, Connect and its connectors), each
 * restarted when it exits by itself (docker's {@code restart: unless-stopped}), all stopped in
 * reverse order on {@link #close()}.
 */
public final class Cluster implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(4);
    private static final List<String> CONNECTORS = List.of("centra-stock-sink", "centra-catalog-source",
            "centra-stock-source");
    /**
     * Heap per kind: enough for the sample traffic (chaos at 10 events/s runs in it); small enough that
     * 14 JVMs fit a developer's machine with room to spare (4.9 GB resident measured).
     */
    private static final Map<ClusterPlan.Kind, String> HEAP = Map.of(
            ClusterPlan.Kind.BROKER, "512m", ClusterPlan.Kind.CONNECT, "512m", ClusterPlan.Kind.PROJECTOR, "512m",
            ClusterPlan.Kind.RECONCILIATION, "512m", ClusterPlan.Kind.INGEST, "384m", ClusterPlan.Kind.REGISTRY, "192m",
            ClusterPlan.Kind.SIMULATOR, "256m", ClusterPlan.Kind.TOPICS_INIT, "128m", ClusterPlan.Kind.SCHEMAS_INIT, "128m",
            ClusterPlan.Kind.STORES_INIT, "128m");

    private final Path root;
    private final Path dataDir;
    private final ClusterPlan plan;
    private final PrintStream out;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<String, ClusterProcess> processes = new LinkedHashMap<>();
    private final ScheduledExecutorService supervisor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "cluster-supervisor");
        t.setDaemon(true);
        return t;
    });
    private final SampleCatalog catalog = new SampleCatalog();
    private List<SampleStore> stores;
    private Map<Role, String> roleTokens;
    private final java.util.concurrent.atomic.AtomicBoolean closing = new java.util.concurrent.atomic.AtomicBoolean();
    private final java.util.concurrent.CountDownLatch closed = new java.util.concurrent.CountDownLatch(1);

    private Cluster(Path root, Path dataDir, int portBase, boolean secure, PrintStream out) {
        this.root = root;
        this.dataDir = dataDir;
        this.plan = new ClusterPlan(root, dataDir, portBase, secure);
        this.out = out;
    }

    public static Cluster start(Path root, Path dataDir, int portBase, int storeCount, PrintStream out) {
        return start(root, dataDir, portBase, storeCount, false, out);
    }

    /** @param secure docker-compose.secure.yml merged: SASL/SCRAM over TLS and ACLs per service */
    public static Cluster start(Path root, Path dataDir, int portBase, int storeCount, boolean secure,
                                PrintStream out) {
        Cluster cluster = new Cluster(root.toAbsolutePath().normalize(), dataDir.toAbsolutePath().normalize(),
                portBase, secure, out);
        // Ctrl-C while it starts must not leave a dozen processes behind; close() stops them once, and
        // whichever hook comes second waits for it.
        Runtime.getRuntime().addShutdownHook(new Thread(cluster::close, "cluster-stop"));
        try {
            cluster.startAll(storeCount);
            return cluster;
        } catch (RuntimeException | Error e) {
            cluster.close();
            throw e;
        }
    }

    private void startAll(int storeCount) {
        writeSecrets(storeCount);
        List<ClusterPlan.Node> nodes = plan.nodes();
        for (ClusterPlan.Node node : nodes) {
            processes.put(node.name(), process(node));
        }
        List<ClusterProcess> brokers = of(ClusterPlan.Kind.BROKER);
        brokers.forEach(this::formatIfNew);
        startAndAwait(brokers);
        awaitCluster(brokers.size());
        for (ClusterProcess init : of(ClusterPlan.Kind.TOPICS_INIT)) {
            runToCompletion(init);
        }
        startAndAwait(of(ClusterPlan.Kind.REGISTRY));
        for (ClusterProcess init : of(ClusterPlan.Kind.SCHEMAS_INIT)) {
            runToCompletion(init);
        }
        for (ClusterProcess init : of(ClusterPlan.Kind.STORES_INIT)) {
            runToCompletion(init);
        }
        // what a deployment's operator does once with ./tillstream token add, for one token per role
        roleTokens = RoleTokens.loadOrIssue(dataDir, kafkaClient(),
                new SchemaRegistryClient(urls(ClusterPlan.Kind.REGISTRY).get(0)));
        startAndAwait(of(ClusterPlan.Kind.SIMULATOR));
        post(centraUrl() + "/_sim/catalog", catalog.centraCatalogJson(stores));

        List<ClusterProcess> services = new ArrayList<>(of(ClusterPlan.Kind.INGEST));
        services.addAll(of(ClusterPlan.Kind.PROJECTOR));
        services.addAll(of(ClusterPlan.Kind.RECONCILIATION));
        startAndAwait(services);
        startAndAwait(of(ClusterPlan.Kind.CONNECT));
        createConnectors();
        supervisor.scheduleWithFixedDelay(this::restartExited, 2, 2, TimeUnit.SECONDS);

        endpoints().write(dataDir);
        OpeningStock.postOnce(dataDir, urls(ClusterPlan.Kind.INGEST).get(0), stores, catalog);
    }

    /** The secrets the compose file mounts in /run/secrets, made for this data directory's sample stores. */
    private void writeSecrets(int storeCount) {
        try {
            Files.createDirectories(plan.secrets());
            Files.setPosixFilePermissions(plan.secrets(), PosixFilePermissions.fromString("rwx------"));
            stores = SampleStores.loadOrCreate(dataDir, storeCount);
            Path registry = SampleStores.writeRegistry(dataDir, stores);
            Files.copy(registry, plan.secrets().resolve("stores_yml"), StandardCopyOption.REPLACE_EXISTING);
            String token = EmbeddedCentra.tokenOf(dataDir.resolve("centra-token"));
            Files.writeString(plan.secrets().resolve("centra_token"), token);
            Files.createDirectories(plan.secrets().resolve("connect"));
            Files.writeString(plan.secrets().resolve("connect").resolve("centra.properties"), "token=" + token + "\n");
            if (plan.secure()) {
                // the processes read them where they are: the properties files name this path, not /run/secrets
                KafkaSecrets.writeIfAbsent(plan.secrets(), plan.secrets().toString());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write the cluster's secrets in " + plan.secrets(), e);
        }
    }

    private ClusterProcess process(ClusterPlan.Node node) {
        Path config = dataDir.resolve("config");
        List<String> args = new ArrayList<>(node.args());
        if (!node.properties().isEmpty()) {
            Path file = config.resolve(node.name() + ".properties");
            writeProperties(file, node.properties());
            args.add(file.toString());
        }
        List<String> jvm = List.of("-Xmx" + HEAP.get(node.kind()), "-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError",
                "-Dorg.apache.avro.SERIALIZABLE_PACKAGES=io.tillstream.schemas",
                "-Dlogback.configurationFile=" + root.resolve("deploy/images/logback.xml"));
        // Connect loads the Centra plugin from plugin.path, isolated, as on a real worker: not from our jars.
        String classpath = ClusterProcess.classpath(node.kind() == ClusterPlan.Kind.CONNECT ? kafkaOnlyClasspath()
                : launcherClasspath());
        return new ClusterProcess(node, ClusterProcess.javaCommand(classpath, jvm, node.mainClass(), args),
                dataDir.resolve(node.name()), dataDir.resolve("logs").resolve(node.name() + ".log"));
    }

    private static void writeProperties(Path file, Map<String, String> properties) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, properties.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining("\n", "# written by ./tillstream cluster from docker-compose.yml\n", "\n")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The jars {@code ./tillstream} runs, as the package phase leaves them: tillstream-local's own and its
     * runtime dependencies ({@code target/lib}), which hold every service's module.
     */
    private List<String> launcherClasspath() {
        Path target = root.resolve("tools/tillstream-local/target");
        try (var jars = Files.list(target); var lib = Files.list(target.resolve("lib"))) {
            List<String> classpath = new ArrayList<>(jars.map(Path::toString)
                    .filter(f -> f.endsWith(".jar") && !f.endsWith("-sources.jar") && !f.endsWith("-tests.jar")).toList());
            lib.map(Path::toString).filter(f -> f.endsWith(".jar")).sorted().forEach(classpath::add);
            return classpath;
        } catch (IOException e) {
            throw new IllegalStateException("No built jars in " + target + ": run ./tillstream build first", e);
        }
    }

    /** Those jars without Tillstream's own modules: Kafka, Connect and their libraries. */
    private List<String> kafkaOnlyClasspath() {
        Set<String> modules = CheckoutModules.all(root).stream().map(d -> d.getFileName() + "-")
                .collect(Collectors.toSet());
        return launcherClasspath().stream()
                .filter(entry -> modules.stream().noneMatch(m -> Path.of(entry).getFileName().toString().startsWith(m)))
                .toList();
    }

    /** A broker's log directory is formatted once, by Kafka's own storage tool, as the image does on first start. */
    private void formatIfNew(ClusterProcess broker) {
        Path logDir = Path.of(broker.node().properties().get("log.dirs"));
        if (Files.exists(logDir.resolve("meta.properties"))) {
            return;
        }
        Path config = dataDir.resolve("config").resolve(broker.name() + ".properties");
        ClusterPlan.Node format = new ClusterPlan.Node(broker.name() + "-format", ClusterPlan.Kind.BROKER,
                "kafka.tools.StorageTool", List.of("format", "-t", broker.node().env().get("CLUSTER_ID"), "-c",
                config.toString(), "--ignore-formatted"), Map.of(), 0, Map.of());
        runToCompletion(new ClusterProcess(format, ClusterProcess.javaCommand(ClusterProcess.classpath(
                kafkaOnlyClasspath()), List.of("-Xmx256m"), format.mainClass(), format.args()), dataDir,
                dataDir.resolve("logs").resolve(broker.name() + ".log")));
    }

    private void runToCompletion(ClusterProcess step) {
        refuseWhenClosing();
        step.start();
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (step.isAlive()) {
            if (System.nanoTime() > deadline) {
                step.kill();
                throw new IllegalStateException(step.name() + " did not finish within " + READY_TIMEOUT
                        + "; see " + step.log());
            }
            sleep(200);
        }
        if (step.exitValue() != 0) {
            throw new IllegalStateException(step.name() + " failed with status " + step.exitValue() + "; see "
                    + step.log());
        }
    }

    private void refuseWhenClosing() {
        if (closing.get()) {
            throw new IllegalStateException("The cluster is stopping");
        }
    }

    /** Starts them together (they start in parallel, as compose does), then waits for each. */
    private void startAndAwait(List<ClusterProcess> group) {
        refuseWhenClosing();
        for (ClusterProcess p : group) {
            // else the readiness check below would take whatever holds the port for this process
            if (listening(p.node().port())) {
                throw new IllegalStateException("Port " + p.node().port() + " for " + p.name() + " is taken (another"
                        + " cluster or ./tillstream run still running? --port-base moves every port)");
            }
        }
        group.forEach(ClusterProcess::start);
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        for (ClusterProcess p : group) {
            while (!healthy(p.name())) {
                if (!p.isAlive()) {
                    throw new IllegalStateException(p.name() + " exited with status " + p.exitValue() + "; see "
                            + p.log());
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(p.name() + " was not ready within " + READY_TIMEOUT + "; see "
                            + p.log());
                }
                sleep(500);
            }
        }
    }

    private static boolean listening(int port) {
        try (var socket = new java.net.Socket()) {
            socket.connect(new java.net.InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Before topics-init no SCRAM user exists: on a secured cluster the launcher asks as the admin
     * certificate on the brokers' mutual-TLS listener, as that step does.
     */
    private void awaitCluster(int brokers) {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        Map<String, Object> config = new java.util.HashMap<>();
        if (plan.secure()) {
            config.putAll(KafkaClientFile.read(KafkaSecrets.adminTlsProperties(plan.secrets())));
            config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, plan.internalBootstrapServers());
        } else {
            config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        }
        try (Admin admin = Admin.create(config)) {
            while (true) {
                try {
                    if (admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).size() >= brokers) {
                        return;
                    }
                } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
                    // not yet
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("The brokers did not form a cluster within " + READY_TIMEOUT);
                }
                sleep(500);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        }
    }

    private boolean healthy(ClusterProcess p, String path) {
        try {
            return get("http://127.0.0.1:" + p.node().port() + path, null).statusCode() == 200;
        } catch (IOException e) {
            return false;
        }
    }

    /** What connect-init does: PUT each connector's JSON (idempotent); the sink finds the stores in the registry. */
    private void createConnectors() {
        for (String name : CONNECTORS) {
            Map<String, String> config = plan.connectorConfig(name);
            try {
                putConnector(name, JSON.writeValueAsString(config));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private void putConnector(String name, String config) {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            for (String worker : plan.connectUrls()) {
                try {
                    HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                                    URI.create(worker + "/connectors/" + name + "/config")).timeout(Duration.ofSeconds(30))
                            .header("Content-Type", "application/json")
                            .PUT(HttpRequest.BodyPublishers.ofString(config)).build(), HttpResponse.BodyHandlers.ofString());
                    if (response.statusCode() == 200 || response.statusCode() == 201) {
                        return;
                    }
                    last = "HTTP " + response.statusCode() + " " + response.body(); // 409 while the workers rebalance
                } catch (IOException e) {
                    last = e.toString();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("Interrupted", e);
                }
            }
            sleep(1000);
        }
        throw new IllegalStateException("Could not create connector " + name + ": " + last);
    }

    /** A process that exited by itself is started again, as docker's restart policy would. */
    private void restartExited() {
        for (ClusterProcess p : processes.values()) {
            if (closing.get()) {
                return;
            }
            try {
                if (!p.node().kind().isStep()) {
                    p.restartIfExited().ifPresent(status -> out.printf("%n%s exited with status %d; restarted it"
                            + " (see %s)%n", p.name(), status, p.log()));
                }
            } catch (RuntimeException e) {
                // a scheduled task that throws is never run again: one failed restart must not end supervision
                out.printf("%nCould not restart %s: %s%n", p.name(), e.getMessage());
            }
        }
    }

    public Endpoints endpoints() {
        return new Endpoints(urls(ClusterPlan.Kind.INGEST).get(0), urls(ClusterPlan.Kind.PROJECTOR).get(0),
                urls(ClusterPlan.Kind.RECONCILIATION).get(0), centraUrl(), urls(ClusterPlan.Kind.CONNECT).get(0),
                String.join(",", urls(ClusterPlan.Kind.REGISTRY)), bootstrapServers(), stores, roleTokens,
                plan.secure() ? KafkaSecrets.adminClientProperties(plan.secrets()) : null);
    }

    /**
     * The settings of the launcher's own Kafka clients (tokens, status, the chaos run's checks): on a
     * secured cluster those of the admin principal, as an operator's tools would have.
     */
    public Map<String, Object> kafkaClient() {
        Map<String, Object> config = new java.util.HashMap<>();
        if (plan.secure()) {
            config.putAll(KafkaClientFile.read(KafkaSecrets.adminClientProperties(plan.secrets())));
        }
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        return config;
    }

    /** The secrets folder (as /run/secrets is to the compose services), for tests that log in as a service. */
    public Path secrets() {
        return plan.secrets();
    }

    public List<String> urls(ClusterPlan.Kind kind) {
        return of(kind).stream().map(p -> "http://127.0.0.1:" + p.node().port()).toList();
    }

    public String centraUrl() {
        return urls(ClusterPlan.Kind.SIMULATOR).get(0);
    }

    public String bootstrapServers() {
        return of(ClusterPlan.Kind.BROKER).stream().map(p -> "127.0.0.1:" + p.node().port())
                .collect(Collectors.joining(","));
    }

    /** The API token of a role, for the tools that read the cluster's APIs (status line, chaos probes). */
    public String token(Role role) {
        return roleTokens.get(role);
    }

    public List<SampleStore> stores() {
        return stores;
    }

    public SampleCatalog catalog() {
        return catalog;
    }

    /** The processes of a kind, by name, in the compose file's order. */
    public List<String> names(ClusterPlan.Kind kind) {
        return of(kind).stream().map(ClusterProcess::name).toList();
    }

    /** SIGKILL, as a crash; the process stays down (the supervisor leaves it) until {@link #restart}. */
    public void kill(String name) {
        processes.get(name).kill();
    }

    /** SIGTERM, as an operator stopping it; it stays down until {@link #restart}. */
    public void stop(String name) {
        processes.get(name).stop();
    }

    public void restart(String name) {
        processes.get(name).start();
    }

    /** Whether the process answers as its health check expects (a broker: its port). */
    public boolean healthy(String name) {
        ClusterProcess p = processes.get(name);
        return switch (p.node().kind()) {
            case BROKER -> listening(p.node().port());
            case REGISTRY -> healthy(p, "/subjects");
            case SIMULATOR -> healthy(p, "/_sim/health");
            case CONNECT -> healthy(p, "/connector-plugins");
            case TOPICS_INIT, SCHEMAS_INIT, STORES_INIT -> false;
            default -> healthy(p, "/health");
        };
    }

    /** Processes of one kind, in the compose file's order. */
    List<ClusterProcess> of(ClusterPlan.Kind kind) {
        return processes.values().stream().filter(p -> p.node().kind() == kind).toList();
    }

    /** Resident memory of every process and the launcher, in MiB. */
    public long rssMib() {
        return (processes.values().stream().mapToLong(ClusterProcess::rssKib).sum() + Rss.self()) / 1024;
    }

    public int running() {
        return (int) processes.values().stream().filter(ClusterProcess::isAlive).count();
    }

    public int expected() {
        return (int) processes.values().stream().filter(p -> !p.node().kind().isStep()).count();
    }

    /** Open exceptions by owner, from whichever reconciliation instance answers. */
    public Map<Owner, Integer> openExceptions() {
        Map<Owner, Integer> counts = new EnumMap<>(Owner.class);
        for (String url : urls(ClusterPlan.Kind.RECONCILIATION)) {
            try {
                HttpResponse<String> response = get(url + "/v1/exceptions?status=OPEN", token(Role.INTEGRATION));
                if (response.statusCode() == 200) {
                    for (JsonNode e : JSON.readTree(response.body())) {
                        counts.merge(Owner.valueOf(e.path("owner").asText()), 1, Integer::sum);
                    }
                    return counts;
                }
            } catch (IOException | IllegalArgumentException e) {
                // the other instance may answer
            }
        }
        return counts;
    }

    public String centraUsage() {
        try {
            return JSON.readValue(get(centraUrl() + "/_sim/usage", null).body(), RateLimitUsage.class).summary();
        } catch (IOException | RuntimeException e) {
            return "usage unavailable";
        }
    }

    private HttpResponse<String> get(String url, String token) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private void post(String url, String body) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new IllegalStateException(url + " answered HTTP " + response.statusCode() + ": " + response.body());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(url + " did not answer", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        }
    }

    /** Reverse order of start; the processes of one tier stop together. */
    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            awaitClosed(); // Ctrl-C runs every shutdown hook at once: each returns only once all is stopped
            return;
        }
        supervisor.shutdownNow();
        try {
            supervisor.awaitTermination(30, TimeUnit.SECONDS); // a restart under way finishes first
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<ClusterPlan.Kind> order = List.of(ClusterPlan.Kind.CONNECT, ClusterPlan.Kind.RECONCILIATION,
                ClusterPlan.Kind.PROJECTOR, ClusterPlan.Kind.INGEST, ClusterPlan.Kind.SIMULATOR,
                ClusterPlan.Kind.STORES_INIT, ClusterPlan.Kind.SCHEMAS_INIT, ClusterPlan.Kind.REGISTRY,
                ClusterPlan.Kind.TOPICS_INIT,
                ClusterPlan.Kind.BROKER);
        for (ClusterPlan.Kind kind : order) {
            if (kind == ClusterPlan.Kind.BROKER) {
                // One at a time, so that each but the last leaves a controller quorum behind to hand its
                // partitions to. The last one waits for a quorum that is gone: it gets 10 s, not 30, and its
                // log is recovered on the next start.
                List<ClusterProcess> brokers = of(kind);
                brokers.subList(0, brokers.size() - 1).forEach(p -> p.stop(Duration.ofSeconds(30)));
                brokers.get(brokers.size() - 1).stop(Duration.ofSeconds(10));
            } else {
                of(kind).parallelStream().forEach(ClusterProcess::stop);
            }
        }
        closed.countDown();
    }

    private void awaitClosed() {
        try {
            closed.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
