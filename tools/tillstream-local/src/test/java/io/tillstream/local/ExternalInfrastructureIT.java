package io.tillstream.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tillstream.centra.simulator.CentraSimulator;
import io.tillstream.centra.simulator.SimulatorConfig;
import io.tillstream.embedded.kafka.EmbeddedKafka;
import io.tillstream.local.sample.SampleCatalog;
import io.tillstream.local.sample.SampleStores;
import io.tillstream.local.status.StatusLine;
import io.tillstream.registry.server.EmbeddedSchemaRegistry;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code run --bootstrap-servers … --schema-registry-url … --centra-url … --centra-token-file …}:
 * the services run against infrastructure that already exists, and nothing embedded is started for it.
 */
class ExternalInfrastructureIT {

    private static final String CENTRA_TOKEN = "external-centra-token";

    @TempDir
    Path dataDir;
    @TempDir
    Path elsewhere;

    @Test
    void shouldRunAgainstGivenKafkaRegistryAndCentra() throws Exception {
        Path tokenFile = elsewhere.resolve("centra.token");
        Files.writeString(tokenFile, CENTRA_TOKEN + "\n");
        SampleCatalog catalog = new SampleCatalog();
        try (EmbeddedKafka kafka = EmbeddedKafka.start(elsewhere.resolve("kafka"), 0);
             EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.start(kafka.bootstrapServers(), 0);
             CentraSimulator centra = CentraSimulator.start(SimulatorConfig.defaults().withPort(0)
                     .withApiTokens(Set.of(CENTRA_TOKEN)))) {
            // The tenant already has its catalogue and store warehouses: Centra owns them.
            centra.applyCatalog(catalog.centraCatalogJson(SampleStores.loadOrCreate(elsewhere, 1)));
            LocalSettings settings = new LocalSettings(dataDir, LocalSettings.Ports.free(), 1, 0, null,
                    kafka.bootstrapServers(), registry.url().toString(), centra.url().toString(), tokenFile, null);

            try (LocalPipeline pipeline = LocalPipeline.start(settings)) {
                PipelineClient client = new PipelineClient(dataDir);
                assertThat(client.url("bootstrapServers")).isEqualTo(kafka.bootstrapServers());
                assertThat(client.url("schemaRegistry")).isEqualTo(registry.url().toString());
                assertThat(client.url("centra")).isEqualTo(centra.url().toString());
                assertThat(dataDir.resolve("kafka")).as("no embedded broker").doesNotExist();
                assertThat(pipeline.centra().simulator()).as("no embedded simulator").isEmpty();

                SampleCatalog.Sku sku = catalog.skus().get(5);
                int opening = catalog.openingCounts("S001").get(5)[1];
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                        .until(() -> client.centraPhysical(CENTRA_TOKEN, 1, sku.sku()) == opening);
                assertThat(client.post(client.url("posIngest") + "/v1/transactions", client.token("S001"),
                        PipelineClient.sale("S001-T01-EXT-1", "S001", sku.sku(), 1, sku.price().toPlainString()))
                        .statusCode()).isEqualTo(202);
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                        .until(() -> client.centraPhysical(CENTRA_TOKEN, 1, sku.sku()) == opening - 1);
                // Against a real tenant the status line shows the budget as the sink spends it.
                try (StatusLine status = new StatusLine(pipeline, new PrintStream(OutputStream.nullOutputStream()), false)) {
                    assertThat(status.line()).containsPattern(
                            "Centra mutations \\d+/[1-9]\\d* per 10s, [1-9]\\d*/[1-9]\\d* per h \\(the sink's share\\)");
                }
            }
        }
    }
}
