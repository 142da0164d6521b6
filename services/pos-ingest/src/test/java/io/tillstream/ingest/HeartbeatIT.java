package io.tillstream.ingest;

import static io.tillstream.ingest.IngestApp.TOKEN_S001;
import static io.tillstream.ingest.IngestApp.TOKEN_S002;
import static org.assertj.core.api.Assertions.assertThat;

import io.tillstream.schemas.TillHeartbeat;
import io.tillstream.schemas.Topics;
import io.tillstream.testkit.KafkaCluster;
import io.tillstream.testkit.KafkaExtension;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** A till's heartbeat over real HTTP, durable on a real broker. */
@ExtendWith(KafkaExtension.class)
class HeartbeatIT {

    @TempDir
    static Path dir;
    private static IngestApp app;

    @BeforeAll
    static void start(KafkaCluster kafka) throws Exception {
        app = IngestApp.start(kafka.bootstrapServers(), dir, Map.of());
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void shouldRecordATillsHeartbeatForTheTokensStoreWithWhatItHoldsUnsent() throws Exception {
        String till = "T-" + System.nanoTime();
        HttpResponse<String> response = app.post("/v1/heartbeat", TOKEN_S001,
                "{\"tillId\":\"" + till + "\",\"sentAt\":\"2026-11-26T10:15:30Z\",\"queued\":12}");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        TillHeartbeat heartbeat = app.committedRecords(Topics.TILL_HEARTBEATS).stream()
                .filter(r -> r.value() instanceof TillHeartbeat h && h.getTillId().equals(till))
                .map(r -> {
                    assertThat(r.key()).as("keyed by store, like its events").isEqualTo("S001");
                    return (TillHeartbeat) r.value();
                }).findFirst().orElseThrow();
        assertThat(heartbeat.getStoreId()).isEqualTo("S001");
        assertThat(heartbeat.getSentAt()).as("a till clock far behind is recorded, not refused")
                .isEqualTo(Instant.parse("2026-11-26T10:15:30Z"));
        assertThat(heartbeat.getQueued()).isEqualTo(12);
        assertThat(heartbeat.getReceivedAt()).isAfter(Instant.now().minusSeconds(60));
    }

    @Test
    void shouldRefuseABadHeartbeatNamingEachFieldAndAnotherStoresTill() throws Exception {
        HttpResponse<String> bad = app.post("/v1/heartbeat", TOKEN_S001,
                "{\"tillId\":\"\",\"sentAt\":\"yesterday\",\"queued\":-1}");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("\"field\":\"tillId\"", "\"field\":\"sentAt\"", "\"field\":\"queued\"");

        HttpResponse<String> otherStore = app.post("/v1/heartbeat", TOKEN_S002,
                "{\"storeId\":\"S001\",\"tillId\":\"T03\"}");
        assertThat(otherStore.statusCode()).isEqualTo(403);
        assertThat(app.post("/v1/heartbeat", (String) null, "application/json", "{\"tillId\":\"T03\"}").statusCode())
                .isEqualTo(401);
    }
}
