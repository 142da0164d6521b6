package io.tillstream.service.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaClientEnvironmentTest {

    private static final String JAAS = "org.apache.kafka.common.security.scram.ScramLoginModule required"
            + " username=\"pos-ingest\" password=\"s3cret-scram\";";

    @TempDir
    Path tmp;

    @Test
    void shouldMapVariablesToKafkaPropertiesAndReadSecretsFromFiles() throws IOException {
        Path jaas = Files.writeString(tmp.resolve("jaas"), JAAS + "\n");
        Map<String, String> env = Map.of(
                "TILLSTREAM_KAFKA_SECURITY_PROTOCOL", "SASL_SSL",
                "TILLSTREAM_KAFKA_SASL_MECHANISM", "SCRAM-SHA-512",
                "TILLSTREAM_KAFKA_SASL_JAAS_CONFIG_FILE", jaas.toString(),
                "TILLSTREAM_KAFKA_SSL_TRUSTSTORE_LOCATION", "/run/secrets/truststore.p12",
                "TILLSTREAM_KAFKA_SSL_TRUSTSTORE_PASSWORD", "changeit-too",
                "TILLSTREAM_BOOTSTRAP_SERVERS", "kafka-1:9093",
                "PATH", "/usr/bin");

        EnvironmentProperties props = KafkaClientEnvironment.from(env, "TILLSTREAM_BOOTSTRAP_SERVERS");

        assertThat(props.values()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "security.protocol", "SASL_SSL",
                "sasl.mechanism", "SCRAM-SHA-512",
                "sasl.jaas.config", JAAS,
                "ssl.truststore.location", "/run/secrets/truststore.p12",
                "ssl.truststore.password", "changeit-too"));
    }

    @Test
    void shouldHidePasswordsAndFileSecretsWhenPrinted() throws IOException {
        Path jaas = Files.writeString(tmp.resolve("jaas"), JAAS);
        Path user = Files.writeString(tmp.resolve("user"), "not-a-password-type-but-from-a-file");
        EnvironmentProperties props = KafkaClientEnvironment.from(Map.of(
                "TILLSTREAM_KAFKA_SECURITY_PROTOCOL", "SASL_SSL",
                "TILLSTREAM_KAFKA_SASL_JAAS_CONFIG_FILE", jaas.toString(),
                "TILLSTREAM_KAFKA_SSL_KEY_PASSWORD", "inline-key-password",
                "TILLSTREAM_KAFKA_SASL_KERBEROS_SERVICE_NAME_FILE", user.toString()), "B");

        String printed = props.toString();

        assertThat(printed).contains("security.protocol=SASL_SSL", "sasl.jaas.config=[hidden]",
                "ssl.key.password=[hidden]", "sasl.kerberos.service.name=[hidden]");
        assertThat(printed).doesNotContain("s3cret-scram", "inline-key-password", "not-a-password-type");
    }

    @Test
    void shouldRejectAVariableNoKafkaClientKnows() {
        assertThatThrownBy(() -> KafkaClientEnvironment.from(Map.of("TILLSTREAM_KAFKA_SECURTY_PROTOCOL", "SSL"), "B"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("TILLSTREAM_KAFKA_SECURTY_PROTOCOL")
                .hasMessageContaining("securty.protocol");
    }

    @Test
    void shouldPointTheBootstrapServersToTheServicesOwnVariable() {
        assertThatThrownBy(() -> KafkaClientEnvironment.from(
                Map.of("TILLSTREAM_KAFKA_BOOTSTRAP_SERVERS", "k:9092"), "TILLSTREAM_BOOTSTRAP_SERVERS"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("TILLSTREAM_BOOTSTRAP_SERVERS");
    }

    @Test
    void shouldRejectAPropertySetTwice() throws IOException {
        Path jaas = Files.writeString(tmp.resolve("jaas"), JAAS);
        assertThatThrownBy(() -> KafkaClientEnvironment.from(Map.of(
                "TILLSTREAM_KAFKA_SASL_JAAS_CONFIG", JAAS,
                "TILLSTREAM_KAFKA_SASL_JAAS_CONFIG_FILE", jaas.toString()), "B"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sasl.jaas.config");
    }

    @Test
    void shouldNameTheVariableButNotTheContentWhenTheFileIsMissing() {
        Path missing = tmp.resolve("absent");
        assertThatThrownBy(() -> KafkaClientEnvironment.from(
                Map.of("TILLSTREAM_KAFKA_SASL_JAAS_CONFIG_FILE", missing.toString()), "B"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("TILLSTREAM_KAFKA_SASL_JAAS_CONFIG_FILE")
                .hasMessageContaining(missing.toString());
    }

    @Test
    void shouldBeEmptyWithoutVariables() {
        assertThat(KafkaClientEnvironment.from(Map.of("HOME", "/root"), "B").isEmpty()).isTrue();
    }
}
