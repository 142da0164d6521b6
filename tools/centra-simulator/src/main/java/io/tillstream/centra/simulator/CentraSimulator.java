package io.tillstream.centra.simulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.sun.net.httpserver.HttpServer;
import io.tillstream.centra.simulator.graphql.GraphQlEngine;
import io.tillstream.centra.simulator.http.ApiTokens;
import io.tillstream.centra.simulator.http.ControlHandler;
import io.tillstream.centra.simulator.http.FaultInjector;
import io.tillstream.centra.simulator.http.GraphQlHandler;
import io.tillstream.centra.simulator.http.HttpIo;
import io.tillstream.centra.simulator.http.Json;
import io.tillstream.centra.simulator.model.CatalogSpec;
import io.tillstream.centra.simulator.model.Simulation;
import io.tillstream.centra.simulator.ratelimit.RateLimiter;
import io.tillstream.centra.simulator.graphql.GraphQlRequest;
import io.tillstream.centra.simulator.model.StateSnapshot;
import io.tillstream.centra.simulator.snapshot.Journal;
import io.tillstream.centra.simulator.snapshot.SnapshotStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A stand-in for a Centra tenant over real HTTP: Centra's Integration API subset on
 * {@code POST /graphql} (same field names, token auth, rate limits per tier) plus test controls
 * under {@code /_sim/}. State lives in memory and, if configured, in a snapshot file with a
 * write-ahead journal beside it, so that what was acknowledged survives a crash.
 *
 * <pre>{@code
 * try (CentraSimulator centra = CentraSimulator.start(SimulatorConfig.defaults().withPort(0)
 *         .withApiTokens(Set.of(token)))) {
 *     centra.applyCatalog(catalogJson);
 *     URI graphql = centra.url().resolve("/graphql");
 * }
 * }</pre>
 */
public final class CentraSimulator implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CentraSimulator.class);
    // Several threads so a slow client never blocks the others; TIMEOUT faults hold no thread.
    private static final int HTTP_THREADS = 8;

    private final Simulation simulation;
    private final SimulatorControl control;
    private final RateLimiter limiter;
    private final HttpServer server;
    private final ExecutorService executor;
    private final GraphQlHandler graphQlHandler;
    private final SnapshotStore snapshots;
    private final Journal journal;
    private final URI url;

    private CentraSimulator(final SimulatorConfig config) throws IOException {
        this.simulation = new Simulation(config.clock());
        this.snapshots = config.snapshotFile() == null ? null : new SnapshotStore(config.snapshotFile());
        long snapshotSequence = 0;
        if (snapshots != null) {
            final Optional<StateSnapshot> snapshot = snapshots.load();
            snapshot.ifPresent(loaded -> simulation.lockedRun(s -> s.restore(loaded)));
            snapshotSequence = snapshot.map(StateSnapshot::journalSequenceOrZero).orElse(0L);
        }
        this.control = new SimulatorControl(simulation);
        this.limiter = new RateLimiter(config.tier(), config.clock());
        final FaultInjector faults = new FaultInjector(config.clock(), new Random(config.faultSeed()));
        final GraphQlEngine engine = new GraphQlEngine(simulation, limiter);
        this.journal = snapshots == null ? null : new Journal(journalFile(config.snapshotFile()));
        if (journal != null) {
            replay(journal.after(snapshotSequence), snapshotSequence, engine);
        }
        final ApiTokens tokens = new ApiTokens(config.apiTokens());
        this.graphQlHandler = new GraphQlHandler(engine, limiter, faults, tokens, config.clock(), config.timeoutHold());
        this.server = HttpServer.create(new InetSocketAddress(config.host(), config.port()), 0);
        this.executor = Executors.newFixedThreadPool(HTTP_THREADS, daemonThreads());
        server.setExecutor(executor);
        server.createContext("/graphql", graphQlHandler);
        server.createContext("/_sim/", new ControlHandler(control, faults, tokens, limiter, engine));
        server.createContext("/", exchange -> HttpIo.sendProblem(exchange, 404, "Not Found",
                "the simulator serves POST /graphql and /_sim/"));
        server.start();
        this.url = URI.create("http://" + config.host() + ":" + server.getAddress().getPort());
    }

    /** The write-ahead journal beside a snapshot file: {@code centra.json} → {@code centra.json.journal}. */
    public static Path journalFile(final Path snapshotFile) {
        return snapshotFile.resolveSibling(snapshotFile.getFileName() + ".journal");
    }

    /**
     * Applies again what was journalled after the snapshot (the process stopped without saving it:
     * a crash), saves a snapshot holding it all, and starts journalling afresh.
     */
    private void replay(final List<Journal.Entry> entries, final long snapshotSequence, final GraphQlEngine engine) {
        for (Journal.Entry entry : entries) {
            simulation.replay(entry.at(), () -> apply(entry, engine));
        }
        final long last = entries.isEmpty() ? snapshotSequence : entries.get(entries.size() - 1).sequence();
        if (!entries.isEmpty()) {
            log.info("Replayed {} change(s) journalled after the last snapshot", entries.size());
            snapshots.save(simulation.locked(s -> s.snapshot()).withJournalSequence(last));
        }
        journal.start(last);
        simulation.recordChangesIn(journal);
    }

    private void apply(final Journal.Entry entry, final GraphQlEngine engine) {
        try {
            switch (entry.change()) {
                case GRAPHQL -> {
                    final GraphQlRequest r = Json.MAPPER.treeToValue(entry.input(), GraphQlRequest.class);
                    engine.execute(r.query(), r.variables(), r.operationName());
                }
                case CATALOG -> control.applyCatalog(Json.MAPPER.treeToValue(entry.input(), CatalogSpec.class));
                case MANUAL_EDIT -> {
                    final SimulatorControl.ManualEdit e = Json.MAPPER.treeToValue(entry.input(),
                            SimulatorControl.ManualEdit.class);
                    control.manualEdit(e.warehouseId(), e.sku(), e.physical());
                }
                case ORDER -> {
                    final SimulatorControl.OrderPlacement o = Json.MAPPER.treeToValue(entry.input(),
                            SimulatorControl.OrderPlacement.class);
                    control.placeOrder(o.market(), o.lines());
                }
                case SHIPMENT -> control.shipOrder(Json.MAPPER.treeToValue(entry.input(),
                        SimulatorControl.Shipment.class).orderId());
            }
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("journal entry " + entry.sequence() + " cannot be read back", e);
        } catch (RuntimeException e) {
            // It failed the first time too (a 400 or 409 for the caller) and changed what it changed then.
            log.debug("Journal entry {} ({}) failed again on replay: {}", entry.sequence(), entry.change(),
                    e.getMessage());
        }
    }

    /**
     * Binds the server and starts serving.
     *
     * @throws IllegalArgumentException when no API token is configured
     * @throws UncheckedIOException     when the port cannot be bound
     */
    public static CentraSimulator start(final SimulatorConfig config) {
        if (config.apiTokens().isEmpty() || config.apiTokens().stream().anyMatch(String::isBlank)) {
            throw new IllegalArgumentException("at least one non-blank API token is required");
        }
        try {
            final CentraSimulator simulator = new CentraSimulator(config);
            log.info("Centra simulator on {} ({})", simulator.url, config);
            return simulator;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind " + config.host() + ":" + config.port(), e);
        }
    }

    /** The base URL, e.g. {@code http://127.0.0.1:8090}; GraphQL is at {@code url().resolve("/graphql")}. */
    public URI url() {
        return url;
    }

    /** Seeds the catalogue: the same JSON as {@code POST /_sim/catalog}. */
    public CatalogSpec.Result applyCatalog(final String json) {
        try {
            return control.applyCatalog(Json.MAPPER.readValue(json, CatalogSpec.class));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("invalid catalog JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** The stock rows of a warehouse, as {@code GET /_sim/stock?warehouseId=W}. */
    public List<StockRow> stock(final int warehouseId) {
        return control.stock(warehouseId, null);
    }

    /** Every applied stock mutation in order, as {@code GET /_sim/mutations}. */
    public List<MutationLogEntry> mutations() {
        return control.mutations(null);
    }

    /** Rate-limit usage now, as {@code GET /_sim/usage}; {@link RateLimitUsage#summary()} suits a status line. */
    public RateLimitUsage usage() {
        return limiter.usage();
    }

    /** The test controls behind {@code /_sim/}, for callers in the same JVM. */
    public SimulatorControl control() {
        return control;
    }

    /** Saves the snapshot if configured, then stops the server. */
    @Override
    public void close() {
        try {
            if (snapshots != null) {
                snapshots.save(simulation.locked(s -> s.snapshot().withJournalSequence(journal.sequence())));
                journal.close();
            }
        } finally {
            server.stop(0);
            graphQlHandler.close();
            executor.shutdownNow();
            log.info("Centra simulator on {} stopped", url);
        }
    }

    /** Runs the simulator until the process is stopped; see {@link SimulatorConfig#fromArgs}. */
    public static void main(final String[] args) throws InterruptedException {
        final CentraSimulator simulator;
        try {
            simulator = start(SimulatorConfig.fromArgs(args));
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println("usage: CentraSimulator [--port 8090] (--token T | --token-file F)... "
                    + "[--tier GROWTH|ENHANCED|HIGH_VOLUME|ENTERPRISE] [--snapshot FILE]");
            System.exit(2);
            return;
        }
        // A command-line user needs the address even without a logging backend on the class path.
        System.out.println("Centra simulator listening on " + simulator.url() + " (GraphQL at /graphql)");
        final CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            simulator.close();
            stopped.countDown();
        }, "centra-sim-shutdown"));
        stopped.await();
    }

    private static ThreadFactory daemonThreads() {
        final AtomicInteger n = new AtomicInteger();
        return r -> {
            final Thread t = new Thread(r, "centra-sim-http-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
