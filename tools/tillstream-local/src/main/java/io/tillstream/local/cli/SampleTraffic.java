package io.tillstream.local.cli;

import java.time.Duration;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The sample stores, their simulated traffic and how long to run: the same for run and cluster. */
public final class SampleTraffic {

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--stores", paramLabel = "N", description = "sample stores with generated tokens (default: ${DEFAULT-VALUE})")
    int stores = 3;

    @Option(names = "--rate", paramLabel = "TPS", description = "simulated store transactions per second, all stores"
            + " together (default: ${DEFAULT-VALUE})")
    double rate = 0;

    @Option(names = "--duration", paramLabel = "D", converter = Durations.class,
            description = "stop cleanly after D (60s, 5m); default: until Ctrl-C")
    Duration duration;

    public int stores() {
        return Checks.positive(spec, "--stores", stores);
    }

    public double rate() {
        return Checks.notNegative(spec, "--rate", rate);
    }

    /** @return null: until Ctrl-C */
    public Duration duration() {
        return duration;
    }
}
