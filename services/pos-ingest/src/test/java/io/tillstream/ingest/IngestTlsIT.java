package io.tillstream.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tillstream.testkit.KafkaCluster;
import io.tillstream.testkit.KafkaExtension;
import io.tillstream.testkit.SelfSignedCertificate;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Store tokens cross networks: given a certificate, pos-ingest serves HTTPS only (Micronaut's own
 * {@code micronaut.server.ssl} settings, as docs/deploy.md sets them by environment variables), a till
 * trusting the retailer's CA posts over it, and plain HTTP on that port gets no answer.
 */
@ExtendWith(KafkaExtension.class)
class IngestTlsIT {

    @TempDir
    Path dir;

    @Test
    void shouldAcceptASaleOverHttpsAndNothingInTheClear(KafkaCluster kafka) throws Exception {
        SelfSignedCertificate certificate = SelfSignedCertificate.create(dir);
        try (IngestApp app = IngestApp.start(kafka.bootstrapServers(), dir, Map.of(
                "micronaut.server.ssl.enabled", true,
                "micronaut.server.ssl.port", -1,
                "micronaut.server.ssl.key-store.path", "file:" + certificate.keyStore(),
                "micronaut.server.ssl.key-store.password", certificate.password(),
                "micronaut.server.ssl.key-store.type", "PKCS12"))) {
            assertThat(app.url()).startsWith("https://");
            HttpClient till = HttpClient.newBuilder().sslContext(certificate.trustingIt())
                    .connectTimeout(Duration.ofSeconds(5)).build();
            HttpResponse<String> sale = till.send(HttpRequest.newBuilder(URI.create(app.url() + "/v1/transactions"))
                    .header("Authorization", "Bearer " + IngestApp.TOKEN_S001).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(IngestApp.sale("S001-TLS-1", "S001", java.time.Instant.now().toString())))
                    .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(sale.statusCode()).as(sale.body()).isEqualTo(202);

            URI clear = URI.create(app.url().replace("https://", "http://") + "/health");
            assertThatThrownBy(() -> HttpClient.newHttpClient().send(HttpRequest.newBuilder(clear)
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()))
                    .isInstanceOf(IOException.class);
        }
    }
}
