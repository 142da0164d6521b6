package io.tillstream.centra.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.tillstream.centra.simulator.CentraSimulator;
import io.tillstream.centra.simulator.SimulatorConfig;
import io.tillstream.registry.client.SchemaRegistryClient;
import io.tillstream.registry.serde.ConfluentAvroDeserializer;
import io.tillstream.registry.server.EmbeddedSchemaRegistry;
import io.tillstream.schemas.CatalogEntry;
import io.tillstream.schemas.CentraStockObservation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The source tasks against the Centra simulator over HTTP: full scans, then only what changed. */
class CentraSourceTasksTest {

    private static final String TOKEN = "source-token";

    private CentraSimulator centra;
    private EmbeddedSchemaRegistry registry;

    @BeforeEach
    void setUp() {
        registry = EmbeddedSchemaRegistry.startInMemory(0);
        centra = CentraSimulator.start(SimulatorConfig.defaults().withPort(0).withApiTokens(Set.of(TOKEN)));
        StringBuilder sizes = new StringBuilder();
        for (int i = 0; i < 5; i++) {
            sizes.append(i == 0 ? "" : ",").append("{\"name\":\"S").append(i).append("\",\"sku\":\"TEE-").append(i)
                    .append(i == 3 ? "\",\"upc\":\"012345678905\"}" : "\"}");
        }
        centra.applyCatalog("""
                {"warehouses":[{"id":1,"name":"Store S001"}],
                 "products":[{"productNumber":"TEE","name":"Tee","variants":[{"variantNumber":"BLK","name":"Black",
                   "sizes":[%s]}]}],
                 "stock":[{"warehouseId":1,"sku":"TEE-0","physical":4},{"warehouseId":1,"sku":"TEE-1","physical":2}]}"""
                .formatted(sizes));
    }

    @AfterEach
    void tearDown() {
        centra.close();
        registry.close();
    }

    @Test
    void shouldWriteEverySizeOnceThenOnlyNewOnes() throws Exception {
        CentraCatalogSourceTask task = new CentraCatalogSourceTask();
        task.start(props("centra.catalog.v1"));

        Map<String, CatalogEntry> first = drain(task, "centra.catalog.v1", CatalogEntry.class, 5);
        assertThat(first).containsOnlyKeys("TEE-0", "TEE-1", "TEE-2", "TEE-3", "TEE-4");
        assertThat(first.get("TEE-3").getProductNumber()).isEqualTo("TEE");
        assertThat(first.get("TEE-3").getVariantNumber()).isEqualTo("BLK");
        assertThat(first.get("TEE-3").getProductName()).isEqualTo("Tee");
        assertThat(first.get("TEE-3").getVariantName()).isEqualTo("Black");
        assertThat(first.get("TEE-3").getUpc()).isEqualTo("012345678905");

        centra.applyCatalog("""
                {"products":[{"productNumber":"TEE","name":"Tee","variants":[{"variantNumber":"BLK","name":"Black",
                  "sizes":[{"name":"XL","sku":"TEE-XL"}]}]}]}""");
        assertThat(drain(task, "centra.catalog.v1", CatalogEntry.class, 1)).containsOnlyKeys("TEE-XL");
        task.stop();
    }

    @Test
    void shouldWriteStockRowsAndTheirChanges() throws Exception {
        CentraStockSourceTask task = new CentraStockSourceTask();
        task.start(props("centra.stock.v1"));

        Map<String, CentraStockObservation> first = drain(task, "centra.stock.v1", CentraStockObservation.class, 2);
        assertThat(first.get("1|TEE-0").getPhysical()).isEqualTo(4);

        centra.control().manualEdit(1, "TEE-1", 9);
        Map<String, CentraStockObservation> changed = drain(task, "centra.stock.v1", CentraStockObservation.class, 1);
        assertThat(changed).containsOnlyKeys("1|TEE-1");
        assertThat(changed.get("1|TEE-1").getPhysical()).isEqualTo(9);
        task.stop();
    }

    private Map<String, String> props(String topic) {
        Map<String, String> props = new HashMap<>();
        props.put(CentraSourceConfig.URL_CONFIG, centra.url().toString());
        props.put(CentraSourceConfig.TOKEN_CONFIG, TOKEN);
        props.put(CentraSourceConfig.TOPIC_CONFIG, topic);
        props.put(CentraSourceConfig.REGISTRY_CONFIG, registry.url().toString());
        props.put(CentraSourceConfig.INTERVAL_CONFIG, "1000");
        props.put(CentraSourceConfig.PAGE_SIZE_CONFIG, "2"); // several pages per scan
        props.put(CentraSourceConfig.READS_CONFIG, "100");
        return props;
    }

    /** Polls (bounded) until {@code expected} distinct keys arrived; the values decoded as a consumer would. */
    private <T extends org.apache.avro.specific.SpecificRecord> Map<String, T> drain(SourceTask task, String topic,
                                                                                     Class<T> type, int expected)
            throws Exception {
        var deserializer = new ConfluentAvroDeserializer<T>(new SchemaRegistryClient(registry.url().toString()),
                (org.apache.avro.Schema) type.getMethod("getClassSchema").invoke(null));
        Map<String, T> byKey = new HashMap<>();
        long deadline = System.currentTimeMillis() + 15_000;
        while (byKey.size() < expected && System.currentTimeMillis() < deadline) {
            List<SourceRecord> records = task.poll();
            for (SourceRecord r : records == null ? new ArrayList<SourceRecord>() : records) {
                assertThat(r.topic()).isEqualTo(topic);
                byKey.put((String) r.key(), deserializer.deserialize(topic, (byte[]) r.value()));
            }
        }
        return byKey;
    }
}
