package io.tillstream.probe;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.tillstream.testkit.SelfSignedCertificate;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Map;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HttpProbeTest {

    @Test
    void shouldBeHealthyOnlyOnA2xxAnswer() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/health", exchange -> {
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.createContext("/restoring", exchange -> {
            exchange.sendResponseHeaders(503, -1);
            exchange.close();
        });
        server.start();
        try {
            String base = "http://127.0.0.1:" + server.getAddress().getPort();
            assertThat(HttpProbe.probe(URI.create(base + "/health"))).isNull();
            assertThat(HttpProbe.probe(URI.create(base + "/restoring"))).contains("HTTP 503");
        } finally {
            server.stop(0);
        }
    }

    /** Over HTTPS the probe verifies the certificate with the service's own trust store, like a till would. */
    @Test
    void shouldTrustAServiceCertificateOnlyThroughItsTrustStore(@TempDir Path dir) throws Exception {
        SelfSignedCertificate certificate = SelfSignedCertificate.create(dir);
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(certificate.keyStore())) {
            keys.load(in, certificate.password().toCharArray());
        }
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(keys, certificate.password().toCharArray());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(factory.getKeyManagers(), null, null);
        HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        server.createContext("/health", exchange -> {
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
        try {
            URI health = URI.create("https://localhost:" + server.getAddress().getPort() + "/health");
            Path password = Files.writeString(dir.resolve("password"), certificate.password() + "\n");
            assertThat(HttpProbe.probe(health, Map.of("TILLSTREAM_HTTP_TLS_TRUSTSTORE", certificate.keyStore().toString(),
                    "TILLSTREAM_HTTP_TLS_TRUSTSTORE_PASSWORD_FILE", password.toString()))).isNull();
            assertThat(HttpProbe.probe(health, Map.of())).as("a self-signed certificate the JDK's CAs never signed")
                    .contains("did not answer");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void shouldBeUnhealthyWhenNothingListens() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        assertThat(HttpProbe.probe(URI.create("http://127.0.0.1:" + port + "/health"))).contains("did not answer");
    }
}
