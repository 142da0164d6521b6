package io.tillstream.service.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

class StreamsSettingsSecurityTest {

    private static final Map<String, String> ENV = Map.of(
            "TILLSTREAM_BOOTSTRAP_SERVERS", "kafka-1:9096",
            "TILLSTREAM_SCHEMA_REGISTRY_URL", "https://registry:8085",
            "TILLSTREAM_SCHEMA_REGISTRY_SSL_TRUSTSTORE_LOCATION", "/run/secrets/registry-ca.p12",
            "TILLSTREAM_KAFKA_SECURITY_PROTOCOL", "SASL_SSL",
            "TILLSTREAM_KAFKA_SASL_MECHANISM", "SCRAM-SHA-256",
            "TILLSTREAM_KAFKA_SASL_JAAS_CONFIG", "org.apache.kafka.common.security.scram.ScramLoginModule required"
                    + " username=\"projector\" password=\"pw\";");

    @Test
    void shouldGiveEveryClientOfKafkaStreamsTheSecuritySettings() {
        StreamsSettings settings = StreamsSettings.fromEnvironment("app", 8081, ENV);
        StreamsConfig config = new StreamsConfig(settings.streamsProperties(Duration.ofMillis(100)));

        for (Map<String, Object> client : List.of(config.getProducerConfigs("p"),
                config.getMainConsumerConfigs("g", "c", 0), config.getRestoreConsumerConfigs("r"),
                config.getAdminConfigs("a"))) {
            assertThat(client).containsEntry("security.protocol", "SASL_SSL")
                    .containsEntry("sasl.mechanism", "SCRAM-SHA-256")
                    .containsKey("sasl.jaas.config");
        }
        assertThat(config.getString(StreamsConfig.PROCESSING_GUARANTEE_CONFIG)).isEqualTo(StreamsConfig.EXACTLY_ONCE_V2);
    }

    @Test
    void shouldGivePlainClientsAndTheRegistryClientTheirSettings() {
        StreamsSettings settings = StreamsSettings.fromEnvironment("app", 8081, ENV);

        assertThat(settings.kafkaClientProperties()).containsEntry("bootstrap.servers", "kafka-1:9096")
                .containsEntry("security.protocol", "SASL_SSL");
        assertThat(settings.registryClientProperties()).containsEntry("schema.registry.url", "https://registry:8085")
                .containsEntry("schema.registry.ssl.truststore.location", "/run/secrets/registry-ca.p12");
    }

    @Test
    void shouldConnectPlainlyWithoutSecurityVariables() {
        StreamsSettings settings = StreamsSettings.local("app", "127.0.0.1:9092", "http://127.0.0.1:8085",
                Path.of("/tmp/x"), 0);

        assertThat(settings.kafkaClientProperties()).containsOnlyKeys("bootstrap.servers");
        assertThat(settings.streamsProperties(Duration.ofMillis(100))).doesNotContainKey("security.protocol");
    }
}
