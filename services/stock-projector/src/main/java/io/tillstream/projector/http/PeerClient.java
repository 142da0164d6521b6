package io.tillstream.projector.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tillstream.service.config.HttpTls;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.apache.kafka.streams.state.HostInfo;

/** Asks another projector instance for what its own stores hold ({@code scope=local}). */
final class PeerClient {

    /** A peer that does not answer in time is treated as rebalancing: the caller says 503, not a partial figure. */
    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final String scheme;

    /** @param tls HTTPS to peers, trusting its trust store; null for plain HTTP */
    PeerClient(HttpTls tls) {
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(TIMEOUT);
        if (tls != null) {
            builder.sslContext(tls.peerContext());
        }
        this.http = builder.build();
        this.scheme = tls == null ? "http://" : "https://";
    }

    /** Thrown when a peer cannot answer now; the caller maps it to 503 with Retry-After. */
    static final class Unavailable extends Exception {
        Unavailable(String message) {
            super(message);
        }
    }

    /** The peer's part of a SKU, or {@link Unavailable} unless it answered 200. */
    LedgerPart levels(HostInfo peer, String sku, String authorization) throws Unavailable {
        HttpResponse<byte[]> response = get(peer, "/v1/stock/" + encode(sku) + "?scope=local", authorization);
        if (response.statusCode() != 200) {
            throw new Unavailable(peer + " answered " + response.statusCode());
        }
        try {
            return JSON.readValue(response.body(), LedgerPart.class);
        } catch (IOException e) {
            throw new Unavailable(peer + " sent unreadable JSON: " + e.getMessage());
        }
    }

    /** The peer's history of one key, whatever its status: the peer owns the key, so its answer is the answer. */
    HttpResponse<byte[]> history(HostInfo peer, String sku, String location, String authorization) throws Unavailable {
        return get(peer, "/v1/stock/" + encode(sku) + "/history?scope=local&location=" + encode(location), authorization);
    }

    /** @param authorization the caller's header, passed on as it came; null when the API is public */
    private HttpResponse<byte[]> get(HostInfo peer, String pathAndQuery, String authorization) throws Unavailable {
        URI uri = URI.create(scheme + peer.host() + ":" + peer.port() + pathAndQuery);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new Unavailable(peer + " did not answer: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unavailable("interrupted while asking " + peer);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
