package io.tillstream.registry.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An https:// registry whose certificate only our own trust store vouches for (a private CA in production). */
class RegistryTlsTest {

    private static final char[] PASSWORD = "test-only-store-password".toCharArray();

    @TempDir
    Path tmp;

    private HttpsServer server;
    private Path truststore;
    private String url;

    @BeforeEach
    void startHttpsRegistry() throws Exception {
        Path keystore = tmp.resolve("registry.p12");
        // keytool ships with every JDK: a self-signed certificate for 127.0.0.1
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "registry", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=registry", "-ext", "SAN=IP:127.0.0.1", "-validity", "2",
                "-storetype", "PKCS12", "-keystore", keystore.toString(), "-storepass", new String(PASSWORD))
                .redirectErrorStream(true).start();
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(keytool.exitValue()).as(new String(keytool.getInputStream().readAllBytes())).isZero();

        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            keys.load(in, PASSWORD);
        }
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("registry", keys.getCertificate("registry"));
        truststore = tmp.resolve("truststore.p12");
        try (OutputStream out = Files.newOutputStream(truststore)) {
            trust.store(out, PASSWORD);
        }

        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, PASSWORD);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), null, null);
        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(context));
        server.createContext("/schemas/ids/7", exchange -> {
            byte[] body = "{\"schema\":\"\\\"string\\\"\"}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", SchemaRegistryClient.CONTENT_TYPE);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        url = "https://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void shouldTrustTheRegistryThroughTheConfiguredTrustStore() {
        SchemaRegistryClient client = new SchemaRegistryClient(Map.of(
                SchemaRegistryClientConfig.URL_CONFIG, url,
                SchemaRegistryClientConfig.SSL_TRUSTSTORE_LOCATION_CONFIG, truststore.toString(),
                SchemaRegistryClientConfig.SSL_TRUSTSTORE_PASSWORD_CONFIG, new String(PASSWORD)));

        assertThat(client.getById(7)).isEqualTo(Schema.create(Schema.Type.STRING));
    }

    @Test
    void shouldRefuseTheRegistryWhenOnlyTheJdksTrustStoreIsUsed() {
        SchemaRegistryClient client = new SchemaRegistryClient(url);

        assertThatThrownBy(() -> client.getById(7)).isInstanceOf(RuntimeException.class);
    }

    @Test
    void shouldNameTheStoreButNotThePasswordWhenTheTrustStoreCannotBeOpened() {
        assertThatThrownBy(() -> new SchemaRegistryClient(Map.of(
                SchemaRegistryClientConfig.URL_CONFIG, url,
                SchemaRegistryClientConfig.SSL_TRUSTSTORE_LOCATION_CONFIG, truststore.toString(),
                SchemaRegistryClientConfig.SSL_TRUSTSTORE_PASSWORD_CONFIG, "wrong-password-xyz")))
                .hasMessageContaining(truststore.toString())
                .hasMessageNotContaining("wrong-password-xyz");
    }
}
