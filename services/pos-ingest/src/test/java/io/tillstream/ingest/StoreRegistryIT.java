package io.tillstream.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tillstream.testkit.KafkaCluster;
import io.tillstream.testkit.KafkaExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The store registry as pos-ingest follows it, live: a store opens and closes with no restart. */
@ExtendWith(KafkaExtension.class)
class StoreRegistryIT {

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
    void shouldLetANewStoresTillsInAndRefuseThemOnceItCloses() throws Exception {
        String store = "S9" + (System.nanoTime() % 100);
        String token = "tst_opening-" + System.nanoTime();
        String heartbeat = "{\"tillId\":\"T01\"}";
        assertThat(app.post("/v1/heartbeat", token, heartbeat).statusCode()).as("not yet in the registry").isEqualTo(401);

        app.registerStore(store, "America/New_York", 90, token);
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> app.post("/v1/heartbeat", token, heartbeat).statusCode() == 202);

        var otherTill = app.post("/v1/heartbeat", token, "{\"tillId\":\"T02\"}");
        assertThat(otherTill.statusCode()).as("T01's token speaks for T01 only").isEqualTo(403);
        assertThat(otherTill.body()).contains("tillId").contains("may not write for till T02");
        var sale = app.post("/v1/transactions", token, IngestApp.sale(store + "-T03-1", store,
                java.time.Instant.now().toString())); // a sale of till T03
        assertThat(sale.statusCode()).as(sale.body()).isEqualTo(403);

        app.registerStore(store, "America/New_York", 90, null); // closed: its tills lose their tokens
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> app.post("/v1/heartbeat", token, heartbeat).statusCode() == 401);
        assertThat(app.post("/v1/heartbeat", IngestApp.TOKEN_S001, heartbeat).statusCode())
                .as("the other stores are untouched").isEqualTo(202);
    }
}
