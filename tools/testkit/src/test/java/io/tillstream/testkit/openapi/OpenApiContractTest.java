package io.tillstream.testkit.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The contract check finds each way a document and a server can differ, on a real (JDK) HTTP server. */
class OpenApiContractTest {

    /** HTTP/1.1: the JDK server does not speak HTTP/2, so no upgrade is tried. */
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private HttpServer server;
    private URI base;

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/orders", exchange -> {
            exchange.sendResponseHeaders(exchange.getRequestURI().getPath().equals("/v1/orders") ? 200 : 404, -1);
            exchange.close();
        });
        server.start();
        base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void shouldAgreeWhenTheDocumentSaysWhatTheServerDoes() throws Exception {
        String document = """
                openapi: 3.1.0
                paths:
                  /v1/orders:
                    get:
                      responses: {'200': {description: ok}}
                """;

        assertThat(OpenApiContract.differences(document, Map.of("/v1/orders", true, "/health", true),
                HTTP, base, "token")).isEmpty();
    }

    @Test
    void shouldNameEveryDifference() throws Exception {
        String document = """
                openapi: 3.1.0
                paths:
                  /v1/orders:
                    get:
                      responses: {'404': {description: only this}}
                  /v1/refunds:
                    post:
                      responses: {'202': {description: accepted}}
                """;

        assertThat(OpenApiContract.differences(document, Map.of("/v1/orders", true, "/v1/stock/", false),
                HTTP, base, "token")).containsExactlyInAnyOrder(
                "documented, not served: /v1/refunds",
                "served, not documented: /v1/stock/...",
                "GET /v1/orders answered 200, which the document does not list [404]",
                "POST /v1/refunds answered 404, which the document does not list [202]");
    }
}
