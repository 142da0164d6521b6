package io.tillstream.local.cluster;

import io.tillstream.local.StopOnce;
import io.tillstream.local.cli.Checks;
import io.tillstream.local.cli.SampleTraffic;
import io.tillstream.local.status.StatusLine;
import io.tillstream.local.traffic.StoreTraffic;
import io.tillstream.schemas.Role;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./tillstream cluster}: docker-compose.yml's production shape as separate processes on this
 * machine (3 brokers, 2 registries, 2 Connect workers, 2 of each service, the Centra simulator), with
 * simulated stores posting round the pos-ingest instances.
 */
@Command(name = "cluster", mixinStandardHelpOptions = true, sortOptions = false,
        description = "docker-compose.yml's production shape as processes on this machine: 3 brokers, 2 registries,"
                + " 2 Connect workers, 2 of each service, the Centra simulator. Ctrl-C stops everything.")
public final class ClusterCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "every process's state, logs (DIR/logs) and"
            + " endpoints.json (default: ${DEFAULT-VALUE}); the same dir resumes")
    Path dataDir = Path.of(".tillstream-cluster");

    @Option(names = "--port-base", paramLabel = "P", description = "the compose file's published ports shifted by"
            + " P-8080 (default: ${DEFAULT-VALUE}): pos-ingest P and P+100, projectors P+1 and P+101, ...; brokers on"
            + " 9092+P-8080 ..")
    int portBase = 8080;

    @Mixin
    SampleTraffic sample;

    @Option(names = "--secure", description = "docker-compose.secure.yml merged: brokers take only SASL/SCRAM over TLS,"
            + " each service logs in as its own principal with its ACLs; secrets in DIR/secrets/kafka (the tools'"
            + " admin login: DIR/secrets/kafka/admin/client.properties)")
    boolean secure;

    private final PrintStream out;


    public ClusterCommand(PrintStream out) {
        this.out = out;
    }

    @Override
    public Integer call() throws InterruptedException {
        Checks.positive(spec, "--port-base", portBase);
        int stores = sample.stores();
        double rate = sample.rate();
        Duration duration = sample.duration();
        Path root = Path.of(System.getProperty("tillstream.home", "."));
        out.println("Starting the Tillstream cluster from " + root.toAbsolutePath().normalize().resolve("docker-compose.yml")
                + " (data and logs in " + dataDir.toAbsolutePath() + ") ...");
        long started = System.nanoTime();
        Cluster cluster = Cluster.start(root, dataDir, portBase, stores, secure, out);
        banner(cluster, (System.nanoTime() - started) / 1e9);

        StoreTraffic traffic = null;
        if (rate > 0) {
            traffic = new StoreTraffic(cluster.urls(ClusterPlan.Kind.INGEST), cluster.urls(ClusterPlan.Kind.PROJECTOR)
                    .get(0), cluster.token(Role.STOCK_READER), cluster.centraUrl(), cluster.stores(), cluster.catalog());
            traffic.start(rate);
            out.printf("Simulating %d store(s) at %.1f transactions/s across %d pos-ingest instances%n",
                    cluster.stores().size(), rate, cluster.urls(ClusterPlan.Kind.INGEST).size());
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
        if (duration == null) {
            stop.await();
        } else {
            stop.await(duration.toMillis(), TimeUnit.MILLISECONDS);
        }
        stopOnce.run();
        return 0;
    }

    private void banner(Cluster cluster, double seconds) {
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
        out.println("  endpoints + store tokens: " + dataDir.resolve("endpoints.json").toAbsolutePath());
        out.println("  logs: " + dataDir.resolve("logs").toAbsolutePath());
        out.println("Ctrl-C stops everything.");
    }
}
