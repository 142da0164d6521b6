package io.tillstream.local;

import io.tillstream.local.cli.Checks;
import io.tillstream.local.cli.Durations;
import io.tillstream.local.cli.SampleTraffic;
import io.tillstream.local.status.StatusLine;
import io.tillstream.local.traffic.StoreTraffic;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ./tillstream run}: the whole pipeline on the embedded default, or against given infrastructure. */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = "The whole pipeline on this machine: an in-process broker, the schema registry, pos-ingest,"
                + " the projector, reconciliation, Kafka Connect with the Centra connectors and a simulated Centra,"
                + " with sample stores. Ctrl-C stops it; the same --data-dir resumes.")
public final class RunCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "state and endpoints.json (default: ${DEFAULT-VALUE})")
    Path dataDir = Path.of(".tillstream");

    @Option(names = "--port-base", paramLabel = "P", description = "ports P (pos-ingest) .. P+10 (Centra); Kafka on"
            + " 9092+P-8080 (default: ${DEFAULT-VALUE})")
    int portBase = 8080;

    @Mixin
    SampleTraffic traffic;

    @Option(names = "--bootstrap-servers", paramLabel = "H:P", description = "this Kafka cluster instead of the embedded broker")
    String bootstrapServers;

    @Option(names = "--schema-registry-url", paramLabel = "URL",
            description = "this Confluent-compatible registry instead of the embedded one")
    String registryUrl;

    @Option(names = "--centra-url", paramLabel = "URL", description = "this Centra tenant instead of the simulator")
    String centraUrl;

    @Option(names = "--centra-token-file", paramLabel = "F", description = "the Centra Integration API token (with --centra-url)")
    Path centraTokenFile;

    @Option(names = "--sync-slo", paramLabel = "D", converter = Durations.class,
            description = "how long a store movement may wait for Centra before SYNC_STALLED (default 5m)")
    Duration syncSlo;

    private final PrintStream out;


    public RunCommand(PrintStream out) {
        this.out = out;
    }

    /** What was asked for; a bad combination is refused as a bad option. */
    LocalSettings settings() {
        if ((centraUrl == null) != (centraTokenFile == null)) {
            throw Checks.refuse(spec, "--centra-url and --centra-token-file go together");
        }
        return new LocalSettings(dataDir, LocalSettings.Ports.fromBase(Checks.positive(spec, "--port-base", portBase)),
                traffic.stores(), traffic.rate(), traffic.duration(),
                bootstrapServers, registryUrl, centraUrl, centraTokenFile, syncSlo);
    }

    @Override
    public Integer call() throws InterruptedException {
        LocalSettings settings = settings();
        try {
            run(settings, out);
            return 0;
        } catch (RuntimeException e) {
            LoggerFactory.getLogger(RunCommand.class).error("tillstream could not run: {}", e.getMessage(), e);
            return 1;
        }
    }

    static void run(LocalSettings settings, PrintStream out) throws InterruptedException {
        out.println("Starting Tillstream (data in " + settings.dataDir().toAbsolutePath() + ") ...");
        long started = System.nanoTime();
        LocalPipeline pipeline = LocalPipeline.start(settings);
        Endpoints e = pipeline.endpoints();
        out.printf("Tillstream is running (started in %.1f s)%n", (System.nanoTime() - started) / 1e9);
        out.println("  pos-ingest        " + e.posIngest());
        out.println("  stock-projector   " + e.stockProjector());
        out.println("  reconciliation    " + e.reconciliation() + "   (dashboard at /)");
        out.println("  Centra            " + e.centra() + (settings.embeddedCentra() ? "   (simulator; /_sim/stock)" : ""));
        out.println("  Kafka Connect     " + e.connect());
        out.println("  schema registry   " + e.schemaRegistry());
        out.println("  Kafka             " + e.bootstrapServers());
        out.println("  endpoints, store and role tokens: " + settings.dataDir().resolve("endpoints.json").toAbsolutePath());
        out.println("Ctrl-C stops everything.");

        StoreTraffic traffic = null;
        if (settings.rate() > 0) {
            traffic = new StoreTraffic(List.of(e.posIngest()), e.stockProjector(),
                    e.roles().get(io.tillstream.schemas.Role.STOCK_READER), settings.embeddedCentra() ? e.centra() : null,
                    pipeline.stores(), pipeline.catalog());
            traffic.start(settings.rate());
            out.printf("Simulating %d store(s) at %.1f transactions/s%n", pipeline.stores().size(), settings.rate());
        }
        StatusLine status = new StatusLine(pipeline, out, System.console() != null);
        status.start();

        CountDownLatch stop = new CountDownLatch(1);
        StoreTraffic runningTraffic = traffic;
        // Whoever comes first (the end of --duration or Ctrl-C) stops everything; the other waits for it,
        // so a Ctrl-C while the duration's stop is under way does not cut it short.
        StopOnce stopOnce = new StopOnce(() -> shutdown(pipeline, status, runningTraffic, out));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stop.countDown();
            stopOnce.run();
        }, "tillstream-shutdown"));
        if (settings.duration() == null) {
            stop.await();
        } else if (!stop.await(settings.duration().toMillis(), TimeUnit.MILLISECONDS) && runningTraffic != null) {
            out.printf("%nSimulated traffic: %d accepted, %d refused%n", runningTraffic.accepted(), runningTraffic.refused());
        }
        stopOnce.run();
    }

    private static void shutdown(LocalPipeline pipeline, StatusLine status, StoreTraffic traffic, PrintStream out) {
        if (traffic != null) {
            traffic.close();
        }
        status.close();
        out.println("Stopping Tillstream ...");
        pipeline.close();
        out.println("Stopped.");
    }
}
