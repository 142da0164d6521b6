package io.tillstream.local.replay;

import io.tillstream.local.RunningPipeline;
import io.tillstream.local.cli.Checks;
import io.tillstream.projector.replay.ReplayScope;
import io.tillstream.projector.replay.StockReplay;
import io.tillstream.service.config.KafkaClientEnvironment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./tillstream replay}: stock as of an instant, rebuilt from the event log of a running (or
 * external) pipeline; the addresses come from the data directory's endpoints.json unless given.
 */
@Command(name = "replay", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Stock as of any instant, rebuilt from the event log (the analysts' view), as a table or CSV.")
public final class ReplayCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--as-of", required = true, paramLabel = "INSTANT",
            description = "an ISO-8601 instant (2026-11-26T12:00:00Z) or now")
    String asOf;

    @Option(names = "--sku", paramLabel = "S", description = "one SKU only")
    String sku;

    @Option(names = "--location", paramLabel = "L", description = "one location (store) only")
    String location;

    @Option(names = "--out", paramLabel = "FILE", description = "write a CSV instead of the table")
    Path out;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "the running pipeline's data directory (default: ${DEFAULT-VALUE})")
    Path dataDir = Path.of(".tillstream");

    @Option(names = "--bootstrap-servers", paramLabel = "H:P", description = "instead: this Kafka cluster ...")
    String bootstrapServers;

    @Option(names = "--schema-registry-url", paramLabel = "URL", description = "... and this registry")
    String registryUrl;

    @Override
    public Integer call() throws IOException {
        ReplayScope scope = new ReplayScope(instant(), sku, location);
        if (bootstrapServers != null && registryUrl != null) {
            // a secured cluster's client settings come from TILLSTREAM_KAFKA_*, as for every service
            Map<String, Object> kafka = new HashMap<>(KafkaClientEnvironment.from(System.getenv(),
                    "TILLSTREAM_BOOTSTRAP_SERVERS").values());
            kafka.put("bootstrap.servers", bootstrapServers);
            StockReplay.replay(kafka, registryUrl, scope, out);
            return 0;
        }
        if (bootstrapServers != null || registryUrl != null) {
            throw Checks.refuse(spec, "--bootstrap-servers and --schema-registry-url go together");
        }
        Path file = dataDir.resolve("endpoints.json");
        if (!Files.exists(file)) {
            throw Checks.refuse(spec, "no " + file + "; start ./tillstream run first, or give --data-dir, or"
                    + " --bootstrap-servers and --schema-registry-url");
        }
        RunningPipeline pipeline = readPipeline(file);
        // on a secured cluster, endpoints.json names the admin's client settings: the replay logs in with them
        StockReplay.replay(pipeline.kafka(), pipeline.registryUrl(), scope, out);
        return 0;
    }

    private Instant instant() {
        if (asOf.equals("now")) {
            return Instant.now();
        }
        try {
            return Instant.parse(asOf);
        } catch (DateTimeParseException e) {
            throw Checks.refuse(spec, "--as-of takes an instant like 2026-11-26T12:00:00Z, or now; not " + asOf);
        }
    }

    private RunningPipeline readPipeline(Path file) {
        try {
            return RunningPipeline.read(file);
        } catch (IOException e) {
            throw Checks.refuse(spec, "cannot read " + file + ": " + e.getMessage());
        }
    }
}
