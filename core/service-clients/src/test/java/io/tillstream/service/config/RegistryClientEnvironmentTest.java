package io.tillstream.service.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegistryClientEnvironmentTest {

    @TempDir
    Path tmp;

    @Test
    void shouldMapTlsAndBasicAuthToTheRegistryClientsKeysButLeaveTheUrlToItsOwnVariable() throws IOException {
        Path password = Files.writeString(tmp.resolve("pw"), "trust-me\n");
        Path userInfo = Files.writeString(tmp.resolve("user"), "ingest:registry-secret");
        EnvironmentProperties props = RegistryClientEnvironment.from(Map.of(
                "TILLSTREAM_SCHEMA_REGISTRY_URL", "https://registry:8085",
                "TILLSTREAM_SCHEMA_REGISTRY_SSL_TRUSTSTORE_LOCATION", "/run/secrets/registry-ca.p12",
                "TILLSTREAM_SCHEMA_REGISTRY_SSL_TRUSTSTORE_PASSWORD_FILE", password.toString(),
                "TILLSTREAM_SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO_FILE", userInfo.toString()));

        assertThat(props.values()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "schema.registry.ssl.truststore.location", "/run/secrets/registry-ca.p12",
                "schema.registry.ssl.truststore.password", "trust-me",
                "basic.auth.user.info", "ingest:registry-secret"));
        assertThat(props.toString()).doesNotContain("trust-me", "registry-secret")
                .contains("schema.registry.ssl.truststore.location=/run/secrets/registry-ca.p12");
    }

    @Test
    void shouldRejectAnUnknownRegistrySetting() {
        assertThatThrownBy(() -> RegistryClientEnvironment.from(Map.of(
                "TILLSTREAM_SCHEMA_REGISTRY_SSL_TRUSTSTORE_PATH", "/x")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("TILLSTREAM_SCHEMA_REGISTRY_SSL_TRUSTSTORE_PATH");
    }
}
