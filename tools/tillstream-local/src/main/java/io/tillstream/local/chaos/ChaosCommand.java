package io.tillstream.local.chaos;

import io.tillstream.local.cli.Checks;
import io.tillstream.local.cli.Durations;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ./tillstream chaos}: see {@link ChaosRun}. Exit 0 when nothing was lost or doubled, 1 otherwise. */
@Command(name = "chaos", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Starts ./tillstream cluster in a new data directory, lets tills post, and kill -9s a broker, a"
                + " Connect worker, a projector, a reconciliation and a pos-ingest instance (each once, one at a time,"
                + " then one or two at once until --duration is over), restarting each after a random pause. Then it"
                + " compares the projection and Centra with the tills' own record of every acknowledged event, checks"
                + " that every location x SKU's stock changes are numbered without gap or repeat and that no exception"
                + " is open, and prints each fault's recovery.",
            "Exit status 1 on any loss, double or failed check."})
public final class ChaosCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--duration", paramLabel = "D", converter = Durations.class,
            description = "faults come for D, one of each kind first whatever D (default 10m)")
    Duration duration = Duration.ofMinutes(10);

    @Option(names = "--rate", paramLabel = "TPS", description = "till events per second, all stores together (default: ${DEFAULT-VALUE})")
    double rate = 10;

    @Option(names = "--seed", paramLabel = "N", description = "the faults' and tills' random seed, to repeat a run (default: random, printed)")
    Long seed;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "a new or empty directory (default"
            + " ./.tillstream-chaos/<date-time>); kept for the logs")
    Path dataDir;

    @Option(names = "--port-base", paramLabel = "P", description = "as for ./tillstream cluster (default: ${DEFAULT-VALUE})")
    int portBase = 8080;

    @Option(names = "--stores", paramLabel = "N", description = "sample stores (default: ${DEFAULT-VALUE})")
    int stores = 3;

    @Option(names = "--secure", description = "the secured cluster (see ./tillstream cluster --help)")
    boolean secure;

    private final PrintStream out;


    public ChaosCommand(PrintStream out) {
        this.out = out;
    }

    @Override
    public Integer call() throws InterruptedException {
        return new ChaosRun(settings(Path.of(System.getProperty("tillstream.home", "."))), out).run() ? 0 : 1;
    }

    ChaosRun.Settings settings(Path root) {
        Path dir = dataDir != null ? dataDir : Path.of(".tillstream-chaos/"
                + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        if (!isEmptyOrAbsent(dir)) {
            throw Checks.refuse(spec, "--data-dir " + dir + " is not empty: the tills' record starts from the opening"
                    + " stock, so chaos needs a new cluster");
        }
        return new ChaosRun.Settings(root, dir, Checks.positive(spec, "--port-base", portBase),
                Checks.positive(spec, "--stores", stores), Checks.notNegative(spec, "--rate", rate), duration,
                seed != null ? seed : System.nanoTime() % 100_000,
                Duration.ofSeconds(5), Duration.ofSeconds(20), Duration.ofSeconds(3), Duration.ofSeconds(15), secure);
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
