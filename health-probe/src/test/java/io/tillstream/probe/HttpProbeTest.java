package io.tillstream.probe;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import org.junit.jupiter.api.Test;

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

    @Test
    void shouldBeUnhealthyWhenNothingListens() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        assertThat(HttpProbe.probe(URI.create("http://127.0.0.1:" + port + "/health"))).contains("did not answer");
    }
}
