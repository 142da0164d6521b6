package io.tillstream.service.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tillstream.registry.client.SchemaRegistryClient;
import io.tillstream.registry.server.EmbeddedSchemaRegistry;
import io.tillstream.schemas.Store;
import io.tillstream.schemas.StoreStatus;
import io.tillstream.schemas.TillToken;
import io.tillstream.schemas.TopicProvisioner;
import io.tillstream.schemas.Topics;
import io.tillstream.testkit.KafkaCluster;
import io.tillstream.testkit.KafkaExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The store registry's rules, written and read back on a real broker, as a second admin sees them. */
@ExtendWith(KafkaExtension.class)
class StoreAdminIT {

    private static final StoreAdmin.Who OLLE = StoreAdmin.Who.of("cli:olle");

    @Test
    void shouldRefuseWhatWouldMixTwoStoresAndKeepAClosedStoresIdAndWarehouse(KafkaCluster kafka, @TempDir Path dir)
            throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()));
             EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.start(kafka.bootstrapServers(), 0)) {
            new TopicProvisioner(admin, 1, (short) 1).provision(Topics.ALL);
            Map<String, Object> client = Map.of("bootstrap.servers", kafka.bootstrapServers());
            SchemaRegistryClient schemas = new SchemaRegistryClient(registry.url().toString());
            try (StoreAdmin stores = new StoreAdmin(client, schemas, Clock.systemUTC())) {
                StoreAdmin.Written oslo = stores.add(OLLE, store("S010", 10).setStatus(StoreStatus.PLANNED),
                        List.of("T01", "T02"));
                assertThat(oslo.tokens()).containsOnlyKeys("T01", "T02");
                assertThat(oslo.store().getTills()).extracting(TillToken::getTokenSha256)
                        .containsExactly(BearerTokens.sha256Hex(oslo.tokens().get("T01")),
                                BearerTokens.sha256Hex(oslo.tokens().get("T02")));

                assertThatThrownBy(() -> stores.add(OLLE, store("S010", 11), List.of("T01")))
                        .hasMessageContaining("store S010 exists");
                assertThatThrownBy(() -> stores.add(OLLE, store("S011", 10), List.of("T01")))
                        .hasMessageContaining("warehouse 10 stands for store S010");
                assertThatThrownBy(() -> stores.add(OLLE, store("S011", 11).setTimezone("Mars/Base"), List.of("T01")))
                        .hasMessageContaining("not an IANA zone");

                // a PLANNED store may move; a LIVE one may not
                stores.update(OLLE, "S010", s -> s.setCentraWarehouseId(12), List.of(), List.of());
                stores.update(OLLE, "S010", s -> s.setStatus(StoreStatus.LIVE), List.of("T03"), List.of("T02"));
                assertThatThrownBy(() -> stores.update(OLLE, "S010", s -> s.setCentraWarehouseId(13), List.of(),
                        List.of())).hasMessageContaining("only a PLANNED store moves");
                stores.close(OLLE, "S010");
                assertThatThrownBy(() -> stores.close(OLLE, "S010")).hasMessageContaining("already closed");
            }

            // another admin, later, reads it all back from the topic and still refuses the closed store's warehouse
            Path file = Files.writeString(dir.resolve("stores.yml"), """
                    stores:
                      - {storeId: S010, name: "Oslo again", timezone: Europe/Oslo, centraWarehouseId: 14}
                      - {storeId: S020, name: Bergen, timezone: Europe/Oslo, centraWarehouseId: 20,
                         hours: "Mon-Sat=10:00-18:00", closedDays: [2026-12-25]}
                    """);
            try (StoreAdmin stores = new StoreAdmin(client, schemas, Clock.systemUTC())) {
                Store s010 = stores.find("S010").orElseThrow();
                assertThat(s010.getStatus()).isEqualTo(StoreStatus.CLOSED);
                assertThat(s010.getCentraWarehouseId()).isEqualTo(12);
                assertThat(s010.getTills()).as("a closed store's tokens are gone").isEmpty();
                assertThatThrownBy(() -> stores.add(OLLE, store("S030", 12), List.of("T01")))
                        .hasMessageContaining("warehouse 12 stands for store S010 (CLOSED)");

                assertThat(stores.importFile(OLLE, file)).containsExactly(
                        "S010: in the registry already, left as it is (store update changes it)",
                        "S020: imported (warehouse 20)");
                assertThat(stores.find("S020").orElseThrow().getClosedDays()).containsExactly("2026-12-25");
                assertThat(stores.list()).extracting(Store::getStoreId).containsExactly("S010", "S020");
            }
        }
    }

    private static Store.Builder store(String id, int warehouse) {
        return Store.newBuilder().setStoreId(id).setName("Oslo").setTimezone("Europe/Oslo").setStatus(StoreStatus.LIVE)
                .setCentraWarehouseId(warehouse);
    }
}
