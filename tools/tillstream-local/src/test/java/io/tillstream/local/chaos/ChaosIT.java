package io.tillstream.local.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The short chaos run of the suite, on the secured cluster (docker-compose.secure.yml merged: every
 * client on SASL/SCRAM over TLS, each service held to its ACLs, so that a grant missing anywhere fails
 * here): ./tillstream cluster --secure from the packaged jars (14 processes), tills posting 6 events/s
 * (for the suite's time: ./tillstream chaos runs 10), and one kill -9 of each kind (broker, Connect
 * worker, projector, reconciliation, pos-ingest), one at a time, each restarted after a few seconds. Then every acknowledged event must be
 * in the projection and in Centra exactly once, sequences gap-free, and no exception open. The long run
 * (one or two kinds at once for 10 minutes) is ./tillstream chaos; its figures are in the README.
 */
class ChaosIT {

    /** Far from the defaults (8080.., 9092..) and from the other tests' free ports. */
    private static final int PORT_BASE = 21080;

    @TempDir
    Path dataDir;

    @Test
    void shouldLoseAndDoubleNothingWhenEachKindOfProcessIsKilled() throws Exception {
        ByteArrayOutputStream report = new ByteArrayOutputStream();
        ChaosRun.Settings settings = new ChaosRun.Settings(Path.of("../.."), dataDir.resolve("cluster"), PORT_BASE, 3, 6,
                Duration.ZERO, 20261207L, Duration.ofSeconds(3), Duration.ofSeconds(6), Duration.ofSeconds(3),
                Duration.ofSeconds(6), true);
        boolean passed;
        try (PrintStream out = new PrintStream(report, true, StandardCharsets.UTF_8)) {
            passed = new ChaosRun(settings, out).run();
        }
        String text = report.toString(StandardCharsets.UTF_8);
        System.out.println(text);
        assertThat(passed).as(text).isTrue();
        assertThat(text).contains("PASS").contains("kill -9 kafka-").contains("kill -9 connect-")
                .contains("kill -9 stock-projector-").contains("kill -9 reconciliation-").contains("kill -9 pos-ingest-")
                .contains("pos-ingest writing stock.changes.v1: refused (TopicAuthorizationException)")
                .contains("pos-ingest with a wrong password: refused (SaslAuthenticationException)")
                .contains("stock-projector registering a new schema under stock.levels.v1-value: refused (HTTP 403)");
    }
}
