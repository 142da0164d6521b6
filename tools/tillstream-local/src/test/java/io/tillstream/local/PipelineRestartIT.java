package io.tillstream.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.tillstream.local.sample.SampleCatalog;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Stopping and starting on the same data directory keeps the stock levels and the schema ids. */
class PipelineRestartIT {

    @TempDir
    Path dataDir;

    @Test
    void shouldResumeWithTheSameStockAndSchemaIds() throws Exception {
        SampleCatalog.Sku sku;
        int onHand;
        int schemaId;
        try (LocalPipeline first = LocalPipeline.start(LocalSettings.embedded(dataDir, LocalSettings.Ports.free(), 1))) {
            PipelineClient client = new PipelineClient(dataDir);
            sku = first.catalog().skus().get(3);
            int opening = first.catalog().openingCounts("S001").get(3)[1];
            assertThat(client.post(client.url("posIngest") + "/v1/transactions", client.token("S001"),
                    PipelineClient.sale("S001-T01-R1", "S001", sku.sku(), 1, sku.price().toPlainString())).statusCode())
                    .isEqualTo(202);
            onHand = opening - 1;
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                    .until(() -> onHand(client, sku.sku()) == onHand);
            schemaId = schemaId(client);
        }

        try (LocalPipeline second = LocalPipeline.start(LocalSettings.embedded(dataDir, LocalSettings.Ports.free(), 1))) {
            PipelineClient client = new PipelineClient(dataDir);
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                    .until(() -> onHand(client, sku.sku()) == onHand);
            assertThat(schemaId(client)).isEqualTo(schemaId);
        }
    }

    private static int onHand(PipelineClient client, String sku) throws Exception {
        var response = client.get(client.url("stockProjector") + "/v1/stock/" + sku);
        if (response.statusCode() != 200) {
            return Integer.MIN_VALUE;
        }
        return client.json(response).get("locations").get(0).get("onHand").asInt();
    }

    private static int schemaId(PipelineClient client) throws Exception {
        JsonNode latest = client.json(client.get(client.url("schemaRegistry")
                + "/subjects/pos.transactions.v1-value/versions/latest"));
        return latest.get("id").asInt();
    }
}
