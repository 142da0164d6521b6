package io.tillstream.local.replay;

import io.tillstream.local.cli.Checks;
import io.tillstream.local.cli.PipelineOptions;
import io.tillstream.projector.replay.ReplayScope;
import io.tillstream.projector.replay.StockReplay;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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

    @Mixin
    PipelineOptions where;

    @Override
    public Integer call() throws IOException {
        ReplayScope scope = new ReplayScope(instant(), sku, location); // a bad --as-of before looking for the pipeline
        PipelineOptions.Pipeline pipeline = where.pipeline();
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
}
