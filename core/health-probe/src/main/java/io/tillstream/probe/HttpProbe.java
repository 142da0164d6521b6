package io.tillstream.probe;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * {@code java -cp @/app/jib-classpath-file io.tillstream.probe.HttpProbe <url>}: exit 0 when the URL
 * answers 2xx within 5 s, 1 otherwise (with the reason on stderr, which docker keeps with the health
 * state). A 503 from a Streams service that is still restoring its state is "unhealthy" here; the
 * compose file's start_period keeps that from counting against it while it starts.
 *
 * <p>An {@code https://} URL is checked against {@code TILLSTREAM_HTTP_TLS_TRUSTSTORE} (PKCS12, its
 * password in the file {@code TILLSTREAM_HTTP_TLS_TRUSTSTORE_PASSWORD_FILE}) when the service has one,
 * the variables the service itself reads, else against the JDK's CAs: a probe verifies like a till.
 */
public final class HttpProbe {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private HttpProbe() {
    }

    public static void main(String[] args) {
        if (args.length != 1) {
            System.err.println("usage: HttpProbe <url>");
            System.exit(2);
        }
        String failure = probe(URI.create(args[0]));
        if (failure != null) {
            System.err.println(failure);
        }
        System.exit(failure == null ? 0 : 1);
    }

    /** @return null when healthy, else why not */
    static String probe(URI url) {
        return probe(url, System.getenv());
    }

    static String probe(URI url, Map<String, String> env) {
        HttpClient.Builder client = HttpClient.newBuilder().connectTimeout(TIMEOUT);
        String trustStore = env.get("TILLSTREAM_HTTP_TLS_TRUSTSTORE");
        if (url.getScheme().equals("https") && trustStore != null && !trustStore.isBlank()) {
            try {
                client.sslContext(trusting(Path.of(trustStore),
                        Files.readString(Path.of(env.get("TILLSTREAM_HTTP_TLS_TRUSTSTORE_PASSWORD_FILE"))).strip()));
            } catch (IOException | GeneralSecurityException | RuntimeException e) {
                return "cannot read the trust store " + trustStore + ": " + e;
            }
        }
        HttpClient http = client.build();
        try {
            HttpResponse<Void> response = http.send(HttpRequest.newBuilder(url).timeout(TIMEOUT).GET().build(),
                    HttpResponse.BodyHandlers.discarding());
            int status = response.statusCode();
            return status >= 200 && status < 300 ? null : url + " answered HTTP " + status;
        } catch (IOException e) {
            return url + " did not answer: " + e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return url + ": interrupted";
        }
    }

    private static SSLContext trusting(Path file, String password) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, password.toCharArray());
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }
}
