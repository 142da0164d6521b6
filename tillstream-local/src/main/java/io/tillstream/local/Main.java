package io.tillstream.local;

import io.tillstream.local.status.StatusLine;
import io.tillstream.local.traffic.StoreTraffic;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.LoggerFactory;

/** {@code ./tillstream run [options]}: the whole pipeline on the embedded default, or against given infrastructure. */
public final class Main {

    private static final String USAGE = """
            usage: ./tillstream run [options]
                   ./tillstream replay --as-of <instant|now> [--sku S] [--location L] [--out file.csv]
                                       [--data-dir DIR | --bootstrap-servers H:P --schema-registry-url URL]
            run options:
              --data-dir DIR                state and endpoints.json (default ./.tillstream); the same dir resumes
              --port-base P                 ports P (pos-ingest) .. P+10 (Centra); Kafka on 9092+P-8080 (default 8080)
              --stores N                    sample stores with generated tokens (default 3)
              --rate TPS                    simulated store transactions per second, all stores together (default 0)
              --duration D                  stop cleanly after D (e.g. 60s, 5m); default: run until Ctrl-C
              --bootstrap-servers H:P       use this Kafka cluster instead of the embedded broker
              --schema-registry-url URL     use this Confluent-compatible registry instead of the embedded one
              --centra-url URL              use this Centra tenant instead of the simulator
              --centra-token-file F         the Centra Integration API token (required with --centra-url)
              --sync-slo D                  how long a store movement may wait for Centra before SYNC_STALLED
                                            (default 5m)
            """;

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("audit")) {
            int status = new io.tillstream.local.audit.AuditCommand(System.out, System.err, java.time.Clock.systemUTC())
                    .run(List.of(args).subList(1, args.length));
            System.exit(status); // Kafka's and the HTTP client's threads are not all daemons
        }
        if (args.length > 0 && args[0].equals("redrive")) {
            System.exit(new io.tillstream.local.redrive.RedriveCommand(System.out, System.err,
                    java.time.Clock.systemUTC()).run(List.of(args).subList(1, args.length)));
        }
        if (args.length > 0 && args[0].equals("token")) {
            System.exit(new io.tillstream.local.access.TokenCommand(System.out, System.err)
                    .run(List.of(args).subList(1, args.length)));
        }
        if (args.length > 0 && args[0].equals("cluster")) {
            System.exit(new io.tillstream.local.cluster.ClusterCommand(System.out)
                    .run(List.of(args).subList(1, args.length), System.err));
        }
        if (args.length > 0 && args[0].equals("secrets")) {
            System.exit(new io.tillstream.local.secure.SecretsCommand(System.out)
                    .run(List.of(args).subList(1, args.length), System.err));
        }
        if (args.length > 0 && args[0].equals("chaos")) {
            System.exit(new io.tillstream.local.chaos.ChaosCommand(System.out)
                    .run(List.of(args).subList(1, args.length), System.err));
        }
        if (List.of(args).contains("--help") || List.of(args).contains("-h") || args.length == 0) {
            System.out.print(USAGE);
            System.exit(0);
        }
        if (args[0].equals("replay")) {
            try {
                replay(List.of(args).subList(1, args.length));
            } catch (IllegalArgumentException e) {
                System.err.println("tillstream replay: " + e.getMessage() + " (see ./tillstream replay --help)");
                System.exit(2);
            }
            return;
        }
        if (!args[0].equals("run")) {
            System.err.println("tillstream: unknown command " + args[0] + " (see ./tillstream --help)");
            System.exit(2);
        }
        LocalSettings settings;
        try {
            settings = parse(List.of(args).subList(1, args.length));
        } catch (IllegalArgumentException e) {
            // One line naming what is wrong, as every command answers a bad option.
            System.err.println("tillstream run: " + e.getMessage() + " (see ./tillstream run --help)");
            System.exit(2);
            return;
        }
        try {
            run(settings, System.out);
        } catch (RuntimeException e) {
            // Some components (Connect's Jetty, Kafka) hold non-daemon threads: exit explicitly.
            LoggerFactory.getLogger(Main.class).error("tillstream could not run: {}", e.getMessage(), e);
            System.exit(1);
        }
        System.exit(0);
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

    /**
     * Rebuilds stock as of an instant from the event log of a running (or external) pipeline: the
     * addresses come from the data directory's endpoints.json unless given.
     */
    private static void replay(List<String> args) throws Exception {
        Map<String, String> options = new HashMap<>();
        List<String> passOn = new ArrayList<>();
        for (int i = 0; i + 1 < args.size(); i += 2) {
            switch (args.get(i)) {
                case "--data-dir", "--bootstrap-servers", "--schema-registry-url", "--as-of" ->
                        options.put(args.get(i), args.get(i + 1));
                case "--sku", "--location", "--out" -> passOn.addAll(List.of(args.get(i), args.get(i + 1)));
                default -> throw new IllegalArgumentException("unknown replay option " + args.get(i));
            }
        }
        if (!options.containsKey("--as-of") || args.size() % 2 != 0) {
            throw new IllegalArgumentException(options.containsKey("--as-of") ? "every option needs a value"
                    : "--as-of <instant|now> is required");
        }
        String bootstrap = options.get("--bootstrap-servers");
        String registry = options.get("--schema-registry-url");
        if (bootstrap == null || registry == null) {
            Path file = Path.of(options.getOrDefault("--data-dir", ".tillstream")).resolve("endpoints.json");
            if (!java.nio.file.Files.exists(file)) {
                System.err.println("tillstream replay: no " + file + "; start ./tillstream run first, or give "
                        + "--bootstrap-servers and --schema-registry-url");
                System.exit(2);
            }
            var endpoints = new com.fasterxml.jackson.databind.ObjectMapper().readTree(file.toFile());
            bootstrap = bootstrap != null ? bootstrap : endpoints.get("bootstrapServers").asText();
            registry = registry != null ? registry : endpoints.get("schemaRegistry").asText();
        }
        String asOf = options.get("--as-of").equals("now") ? java.time.Instant.now().toString() : options.get("--as-of");
        List<String> replayArgs = new ArrayList<>(List.of(bootstrap, registry, "--as-of", asOf));
        replayArgs.addAll(passOn);
        io.tillstream.projector.replay.StockReplay.main(replayArgs.toArray(String[]::new));
    }

    static LocalSettings parse(List<String> args) {
        Map<String, String> options = Options.parse(args, List.of("--data-dir", "--port-base", "--stores", "--rate",
                "--duration", "--bootstrap-servers", "--schema-registry-url", "--centra-url", "--centra-token-file",
                "--sync-slo"));
        if (options.containsKey("--centra-url") != options.containsKey("--centra-token-file")) {
            throw new IllegalArgumentException("--centra-url and --centra-token-file go together");
        }
        int stores = Options.positive(options.getOrDefault("--stores", "3"), "--stores");
        return new LocalSettings(Path.of(options.getOrDefault("--data-dir", ".tillstream")),
                LocalSettings.Ports.fromBase(Options.positive(options.getOrDefault("--port-base", "8080"), "--port-base")),
                stores, Double.parseDouble(options.getOrDefault("--rate", "0")),
                options.containsKey("--duration") ? duration(options.get("--duration"), "--duration") : null,
                options.get("--bootstrap-servers"), options.get("--schema-registry-url"), options.get("--centra-url"),
                options.containsKey("--centra-token-file") ? Path.of(options.get("--centra-token-file")) : null,
                options.containsKey("--sync-slo") ? duration(options.get("--sync-slo"), "--sync-slo") : null);
    }

    /** 60s, 5m, 1h, or an ISO-8601 duration (PT60S). */
    public static Duration duration(String value, String option) {
        try {
            if (value.matches("\\d+(ms|s|m|h)")) {
                String unit = value.replaceAll("\\d+", "");
                long n = Long.parseLong(value.replaceAll("\\D+", ""));
                return switch (unit) {
                    case "ms" -> Duration.ofMillis(n);
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    default -> Duration.ofHours(n);
                };
            }
            return Duration.parse(value);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(option + " must look like 60s, 5m or 1h, not " + value);
        }
    }
}
