package io.tillstream.local.cluster;

import io.tillstream.schemas.Role;
import io.tillstream.local.Options;
import io.tillstream.local.StopOnce;
import io.tillstream.local.status.StatusLine;
import io.tillstream.local.traffic.StoreTraffic;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code ./tillstream cluster}: docker-compose.yml's production shape as separate processes on this
 * machine (3 brokers, 2 registries, 2 Connect workers, 2 of each service, the Centra simulator), with
 * simulated stores posting round the pos-ingest instances.
 */
public final class ClusterCommand {

    static final String USAGE = """
            usage: ./tillstream cluster [options]
              --data-dir DIR    every process's state, logs (DIR/logs) and endpoints.json (default ./.tillstream-cluster);
                                the same dir resumes
              --port-base P     the compose file's published ports shifted by P-8080 (default 8080): pos-ingest P and
                                P+100, projectors P+1 and P+101, ...; brokers on 9092+P-8080 ..
              --stores N        sample stores with generated tokens (default 3)
              --rate TPS        simulated store transactions per second, all stores together (default 0)
              --duration D      stop cleanly after D (e.g. 60s, 5m); default: run until Ctrl-C
              --secure          docker-compose.secure.yml merged: brokers take only SASL/SCRAM over TLS, each service
                                logs in as its own principal with its ACLs; secrets in DIR/secrets/kafka (the
                                tools' admin login: DIR/secrets/kafka/admin/client.properties)
            """;

    /** What the command was asked for. */
    record Settings(Path dataDir, int portBase, int stores, double rate, Duration duration, boolean secure) {
    }

    private final PrintStream out;

    public ClusterCommand(PrintStream out) {
        this.out = out;
    }

    /** @return the exit status */
    public int run(List<String> args, PrintStream err) throws InterruptedException {
        if (args.contains("--help") || args.contains("-h")) {
            out.print(USAGE);
            return 0;
        }
        Settings settings;
        try {
            settings = parse(args);
        } catch (IllegalArgumentException e) {
            err.println("tillstream cluster: " + e.getMessage() + " (see ./tillstream cluster --help)");
            return 2;
        }
        Path root = Path.of(System.getProperty("tillstream.home", "."));
        out.println("Starting the Tillstream cluster from " + root.toAbsolutePath().normalize().resolve("docker-compose.yml")
                + " (data and logs in " + settings.dataDir().toAbsolutePath() + ") ...");
        long started = System.nanoTime();
        Cluster cluster = Cluster.start(root, settings.dataDir(), settings.portBase(), settings.stores(),
                settings.secure(), out);
        banner(cluster, settings, (System.nanoTime() - started) / 1e9);

        StoreTraffic traffic = null;
        if (settings.rate() > 0) {
            traffic = new StoreTraffic(cluster.urls(ClusterPlan.Kind.INGEST), cluster.urls(ClusterPlan.Kind.PROJECTOR)
                    .get(0), cluster.token(Role.STOCK_READER), cluster.centraUrl(), cluster.stores(), cluster.catalog());
            traffic.start(settings.rate());
            out.printf("Simulating %d store(s) at %.1f transactions/s across %d pos-ingest instances%n",
                    cluster.stores().size(), settings.rate(), cluster.urls(ClusterPlan.Kind.INGEST).size());
        }
        StatusLine status = new StatusLine(cluster.kafkaClient(),
                () -> cluster.centraUsage() + " | processes " + cluster.running() + "/" + cluster.expected(),
                cluster::openExceptions, out, System.console() != null);
        status.start();

        CountDownLatch stop = new CountDownLatch(1);
        StoreTraffic runningTraffic = traffic;
        StopOnce stopOnce = new StopOnce(() -> {
            if (runningTraffic != null) {
                runningTraffic.close();
                out.printf("%nSimulated traffic: %d accepted, %d refused, %d sent again%n", runningTraffic.accepted(),
                        runningTraffic.refused(), runningTraffic.retried());
            }
            status.close();
            out.println("Stopping the cluster ...");
            cluster.close();
            out.println("Stopped.");
        });
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stop.countDown();
            stopOnce.run();
        }, "tillstream-cluster-shutdown"));
        if (settings.duration() == null) {
            stop.await();
        } else {
            stop.await(settings.duration().toMillis(), TimeUnit.MILLISECONDS);
        }
        stopOnce.run();
        return 0;
    }

    private void banner(Cluster cluster, Settings settings, double seconds) {
        out.printf("Tillstream cluster is running (started in %.1f s, %d processes, %d MiB resident in all)%n", seconds,
                cluster.running(), cluster.rssMib());
        out.println("  pos-ingest        " + String.join("  ", cluster.urls(ClusterPlan.Kind.INGEST)));
        out.println("  stock-projector   " + String.join("  ", cluster.urls(ClusterPlan.Kind.PROJECTOR)));
        out.println("  reconciliation    " + String.join("  ", cluster.urls(ClusterPlan.Kind.RECONCILIATION))
                + "   (dashboard at /)");
        out.println("  Centra            " + cluster.centraUrl() + "   (simulator; /_sim/stock)");
        out.println("  Kafka Connect     " + String.join("  ", cluster.urls(ClusterPlan.Kind.CONNECT)));
        out.println("  schema registry   " + String.join("  ", cluster.urls(ClusterPlan.Kind.REGISTRY)));
        out.println("  Kafka             " + cluster.bootstrapServers());
        out.println("  endpoints + store tokens: " + settings.dataDir().resolve("endpoints.json").toAbsolutePath());
        out.println("  logs: " + settings.dataDir().resolve("logs").toAbsolutePath());
        out.println("Ctrl-C stops everything.");
    }

    static Settings parse(List<String> args) {
        boolean secure = args.contains("--secure");
        Map<String, String> options = Options.parse(args.stream().filter(a -> !a.equals("--secure")).toList(), List.of("--data-dir", "--port-base", "--stores", "--rate",
                "--duration"));
        double rate;
        try {
            rate = Double.parseDouble(options.getOrDefault("--rate", "0"));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--rate must be a number, not " + options.get("--rate"));
        }
        return new Settings(Path.of(options.getOrDefault("--data-dir", ".tillstream-cluster")),
                Options.positive(options.getOrDefault("--port-base", "8080"), "--port-base"),
                Options.positive(options.getOrDefault("--stores", "3"), "--stores"), rate,
                options.containsKey("--duration") ? io.tillstream.local.Main.duration(options.get("--duration"),
                        "--duration") : null, secure);
    }
}
