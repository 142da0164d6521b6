package io.tillstream.registry.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.tillstream.embedded.kafka.EmbeddedKafka;
import io.tillstream.registry.client.SchemaRegistryClient;
import io.tillstream.schemas.StockChange;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On a cluster that lets only SCRAM users in, the registry keeps {@code _schemas} with the client
 * settings of {@code TILLSTREAM_KAFKA_CONFIG_FILE}, and a second registry on the same topic serves
 * what the first registered.
 */
class RegistryScramIT {

    @TempDir
    Path dir;

    @Test
    void shouldKeepItsSchemasOnASaslOnlyListener() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.startTemporaryWithScram()) {
            kafka.addScramUser("registry", "registry-secret-1");
            Path config = Files.writeString(dir.resolve("kafka-client.properties"), """
                    security.protocol=SASL_PLAINTEXT
                    sasl.mechanism=SCRAM-SHA-512
                    sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required \\
                      username="registry" password="registry-secret-1";
                    """);
            Map<String, Object> client = RegistryServer.kafkaConfig(Map.of("TILLSTREAM_KAFKA_CONFIG_FILE", config.toString()));
            int id;
            try (EmbeddedSchemaRegistry first = EmbeddedSchemaRegistry.builder(kafka.saslBootstrapServers())
                    .kafkaConfig(client).replicationFactor((short) 1).start()) {
                id = new SchemaRegistryClient(first.url().toString()).register("stock.changes.v1-value",
                        StockChange.getClassSchema());
            }
            try (EmbeddedSchemaRegistry second = EmbeddedSchemaRegistry.builder(kafka.saslBootstrapServers())
                    .kafkaConfig(client).replicationFactor((short) 1).start()) {
                assertThat(new SchemaRegistryClient(second.url().toString()).getById(id))
                        .isEqualTo(StockChange.getClassSchema());
            }
        }
    }
}
