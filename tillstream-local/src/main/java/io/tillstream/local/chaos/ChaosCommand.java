package io.tillstream.local.chaos;

import io.tillstream.local.Main;
import io.tillstream.local.Options;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** {@code ./tillstream chaos}: see {@link ChaosRun}. Exit 0 when nothing was lost or doubled, 1 otherwise. */
public final class ChaosCommand {

    static final String USAGE = """
            usage: ./tillstream chaos [options]
              Starts ./tillstream cluster in a new data directory, lets tills post, and kill -9s a broker, a
              Connect worker, a projector, a reconciliation and a pos-ingest instance (each once, one at a time,
              then one or two at once until --duration is over), restarting each after a random pause. Then it
              compares the projection and Centra with the tills' own record of every acknowledged event, checks
              that every location × SKU's stock changes are numbered without gap or repeat and that no exception is
              open, and prints each fault's recovery. Exit status 1 on any loss, double or failed check.
              --duration D      faults come for D, one of each kind first whatever D (default 10m)
              --rate TPS        till events per second, all stores together (default 10)
              --seed N          the faults' and tills' random seed, to repeat a run (default: random, printed)
              --data-dir DIR    a new or empty directory (default ./.tillstream-chaos/<date-time>); kept for the logs
              --port-base P     as for ./tillstream cluster (default 8080)
              --stores N        sample stores (default 3)
              --secure          the secured cluster (see ./tillstream cluster --help)
            """;

    private final PrintStream out;

    public ChaosCommand(PrintStream out) {
        this.out = out;
    }

    public int run(List<String> args, PrintStream err) throws InterruptedException {
        if (args.contains("--help") || args.contains("-h")) {
            out.print(USAGE);
            return 0;
        }
        ChaosRun.Settings settings;
        try {
            settings = parse(args, Path.of(System.getProperty("tillstream.home", ".")));
        } catch (IllegalArgumentException e) {
            err.println("tillstream chaos: " + e.getMessage() + " (see ./tillstream chaos --help)");
            return 2;
        }
        return new ChaosRun(settings, out).run() ? 0 : 1;
    }

    static ChaosRun.Settings parse(List<String> args, Path root) {
        boolean secure = args.contains("--secure");
        Map<String, String> options = Options.parse(args.stream().filter(a -> !a.equals("--secure")).toList(), List.of("--duration", "--rate", "--seed", "--data-dir",
                "--port-base", "--stores"));
        Path dataDir = Path.of(options.getOrDefault("--data-dir", ".tillstream-chaos/"
                + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"))));
        if (!isEmptyOrAbsent(dataDir)) {
            throw new IllegalArgumentException("--data-dir " + dataDir + " is not empty: the tills' record starts from"
                    + " the opening stock, so chaos needs a new cluster");
        }
        try {
            return new ChaosRun.Settings(root, dataDir, Options.positive(options.getOrDefault("--port-base", "8080"),
                    "--port-base"), Options.positive(options.getOrDefault("--stores", "3"), "--stores"),
                    Double.parseDouble(options.getOrDefault("--rate", "10")),
                    Main.duration(options.getOrDefault("--duration", "10m"), "--duration"),
                    options.containsKey("--seed") ? Long.parseLong(options.get("--seed")) : System.nanoTime() % 100_000,
                    Duration.ofSeconds(5), Duration.ofSeconds(20), Duration.ofSeconds(3), Duration.ofSeconds(15),
                    secure);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--port-base, --stores, --rate and --seed take numbers: " + e.getMessage());
        }
    }

    private static boolean isEmptyOrAbsent(Path dir) {
        if (!Files.exists(dir)) {
            return true;
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        } catch (IOException e) {
            return false;
        }
    }
}
