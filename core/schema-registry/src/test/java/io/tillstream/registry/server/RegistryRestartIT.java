package io.tillstream.registry.server;

import static io.tillstream.registry.Samples.unique;
import static org.assertj.core.api.Assertions.assertThat;

import io.tillstream.embedded.kafka.EmbeddedKafka;
import io.tillstream.registry.Schemas;
import io.tillstream.registry.client.SchemaRegistryClient;
import io.tillstream.schemas.PosTransaction;
import io.tillstream.schemas.StockChange;
import io.tillstream.testkit.KafkaCluster;
import io.tillstream.testkit.KafkaExtension;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Ids live in the _schemas topic, not in the registry process. */
@ExtendWith(KafkaExtension.class)
class RegistryRestartIT {

    @Test
    void shouldKeepIdsAcrossARegistryRestart(KafkaCluster kafka) throws Exception {
        String changes = unique("stock.changes") + "-value";
        String pos = unique("pos.transactions") + "-value";
        int changeId;
        int posId;
        try (EmbeddedSchemaRegistry first = EmbeddedSchemaRegistry.start(kafka.bootstrapServers(), 0)) {
            SchemaRegistryClient client = new SchemaRegistryClient(first.url().toString());
            changeId = client.register(changes, StockChange.getClassSchema());
            posId = client.register(pos, PosTransaction.getClassSchema());
        }

        try (EmbeddedSchemaRegistry second = EmbeddedSchemaRegistry.start(kafka.bootstrapServers(), 0)) {
            SchemaRegistryClient client = new SchemaRegistryClient(second.url().toString()); // nothing cached

            assertThat(client.getById(changeId)).isEqualTo(StockChange.getClassSchema());
            assertThat(client.getById(posId)).isEqualTo(PosTransaction.getClassSchema());
            assertThat(client.register(changes, StockChange.getClassSchema())).isEqualTo(changeId);
            assertThat(client.register(unique("other") + "-value", PosTransaction.getClassSchema())).isEqualTo(posId);
            assertThat(client.register(changes, Schemas.without(StockChange.getClassSchema(), "reason")))
                    .as("a new schema gets a new id").isGreaterThan(Math.max(changeId, posId));
            assertThat(client.subjects()).contains(changes, pos);
        }

        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            var topic = new ConfigResource(ConfigResource.Type.TOPIC, EmbeddedSchemaRegistry.DEFAULT_TOPIC);
            assertThat(admin.describeConfigs(List.of(topic)).all().get().get(topic).get("cleanup.policy").value())
                    .isEqualTo("compact");
            assertThat(admin.describeTopics(List.of(EmbeddedSchemaRegistry.DEFAULT_TOPIC)).allTopicNames().get()
                    .get(EmbeddedSchemaRegistry.DEFAULT_TOPIC).partitions()).hasSize(1);
        }
    }

    @Test
    void shouldKeepIdsAcrossABrokerRestart(@TempDir Path dataDir) {
        Schema schema = StockChange.getClassSchema();
        int id;
        try (EmbeddedKafka broker = EmbeddedKafka.start(dataDir, 0);
             EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.start(broker.bootstrapServers(), 0)) {
            id = new SchemaRegistryClient(registry.url().toString()).register("stock.changes.v1-value", schema);
        }

        try (EmbeddedKafka broker = EmbeddedKafka.start(dataDir, 0);
             EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.start(broker.bootstrapServers(), 0)) {
            SchemaRegistryClient client = new SchemaRegistryClient(registry.url().toString());
            assertThat(client.getById(id)).isEqualTo(schema);
            assertThat(client.lookup("stock.changes.v1-value", schema)).contains(id);
        }
    }
}
