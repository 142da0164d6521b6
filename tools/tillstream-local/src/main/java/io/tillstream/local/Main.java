package io.tillstream.local;

import io.tillstream.local.cli.TillstreamCli;
import java.util.logging.Level;
import java.util.logging.Logger;

/** {@code ./tillstream <command>}: see {@link TillstreamCli}. */
public final class Main {

    /**
     * Jersey, inside Kafka Connect, warns on stderr through java.util.logging that the sink's metrics
     * resource "does not implement any provider interfaces" as it registers it; it is served as the
     * resource it is (GET /metrics works), so the warning asks nothing of a user and is silenced here.
     * Held in a field: java.util.logging keeps its loggers weakly, and a collected one forgets its level.
     */
    private static final Logger JERSEY_PROVIDERS = Logger.getLogger("org.glassfish.jersey.internal.inject.Providers");

    private Main() {
    }

    public static void main(String[] args) {
        JERSEY_PROVIDERS.setLevel(Level.SEVERE);
        // Kafka's, Connect's and the HTTP clients' threads are not all daemons: the status decides the end.
        System.exit(TillstreamCli.execute(System.out, System.err, args));
    }
}
