package io.tillstream.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * A black-box probe of every HTTP surface of a running pipeline, as an attacker on the retailer's
 * network would try it: every route with no token, a forged one, another role's or another store's,
 * malformed, oversized and slowly trickled bodies. Every refusal must be a problem+json with the
 * right status, nothing may answer 5xx, and no answer or log line may hold a secret or a stack trace.
 */
final class HttpSurfaceProbe {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FORGED = "tst_forgedforgedforgedforgedforgedforgedforg";

    private final PipelineClient client;
    private final List<String> secrets = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private int requests;

    HttpSurfaceProbe(PipelineClient client, Path dataDir) throws IOException {
        this.client = client;
        JsonNode endpoints = JSON.readTree(dataDir.resolve("endpoints.json").toFile());
        endpoints.path("stores").forEach(s -> secrets.add(s.path("token").asText()));
        endpoints.path("roles").forEach(token -> secrets.add(token.asText()));
        secrets.add(Files.readString(dataDir.resolve("centra-token")).trim());
    }

    /** @return how many requests were sent */
    int run() throws Exception {
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.addAppender(log);
        try {
            tills();
            stock();
            reconciliation();
            slowBodies();
        } finally {
            root.detachAppender(log);
        }
        for (ILoggingEvent event : log.list) {
            String line = event.getFormattedMessage()
                    + (event.getThrowableProxy() == null ? "" : ThrowableProxyUtil.asString(event.getThrowableProxy()));
            for (String secret : secrets) {
                assertThat(line).as("a log line of %s", event.getLoggerName()).doesNotContain(secret);
            }
        }
        return requests;
    }

    private void tills() throws Exception {
        String ingest = client.url("posIngest");
        String s001 = client.token("S001");
        String sale = PipelineClient.sale("S001-T01-PROBE-1", "S001", "CAS-TEE-BLK-M", 1, "25.00");
        for (String path : List.of("/v1/transactions", "/v1/transactions/batch", "/v1/stock-adjustments", "/v1/stocktakes")) {
            refused(post(ingest + path, null, "application/json", "{}"), 401);
            refused(post(ingest + path, FORGED, "application/json", "{}"), 401);
            refused(post(ingest + path, s001, "application/json", "{\"transactionId\": "), 400);
            refused(post(ingest + path, s001, "application/json", "[1, 2, 3]"), 400);
            refused(post(ingest + path, s001, "application/xml", "<sale/>"), 415);
        }
        refused(post(ingest + "/v1/transactions", client.token("S002"), "application/json", sale), 403);
        refused(post(ingest + "/v1/transactions", s001, "application/json",
                sale.replace("CAS-TEE-BLK-M", "<!channel>|=1+2")), 400);
        refused(post(ingest + "/v1/transactions", s001, "application/json", "{\"x\": \"" + "y".repeat(33 << 20) + "\"}"), 413);
        for (String open : List.of("/health", "/metrics", "/openapi.yml")) {
            answered(get(ingest + open, null), 200);
        }
    }

    private void stock() throws Exception {
        String stock = client.url("stockProjector") + "/v1/stock/CAS-TEE-BLK-M";
        // a 503 while the projection (re)balances is the right answer then; probe once it serves
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> get(stock, client.roleToken("STOCK_READER")).statusCode() != 503);
        refused(get(stock, null), 401);
        refused(get(stock, FORGED), 401);
        refused(get(stock, "a".repeat(10_000)), 401);
        refused(get(stock + "/history", client.roleToken("STOCK_READER")), 400);
        rawRefused(client.url("stockProjector"), "/v1/stock/%ZZ", client.roleToken("STOCK_READER"), 400);
        rawRefused(client.url("reconciliation"), "/v1/exceptions?storeId=%ZZ", client.roleToken("RETAIL_OPS"), 400);
        refused(send("DELETE", stock, client.roleToken("STOCK_READER")), 405);
        answered(get(client.url("stockProjector") + "/health", null), 200);
    }

    private void reconciliation() throws Exception {
        String base = client.url("reconciliation");
        String reader = client.roleToken("STOCK_READER");
        String ops = client.roleToken("RETAIL_OPS");
        String finance = client.roleToken("FINANCE");
        for (String path : List.of("/v1/exceptions", "/v1/drift/warehouses", "/v1/audit", "/v1/finance/daily-totals")) {
            refused(get(base + path, null), 401);
            refused(get(base + path, FORGED), 401);
            refused(get(base + path, reader), 403);
        }
        refused(get(base + "/v1/finance/daily-totals?storeId=S001", ops), 403);
        refused(post(base + "/v1/settlements", null, "application/json", "[]"), 401);
        refused(post(base + "/v1/settlements", ops, "application/json", "[]"), 403);
        refused(post(base + "/v1/settlements", finance, "application/json", "[{\"provider\": "), 400);
        refused(post(base + "/v1/settlements", finance, "text/csv", "provider,storeId\n=cmd|' /C calc'!A0,S001\n"), 400);
        refused(post(base + "/v1/settlements", finance, "application/xml", "<x/>"), 415);
        refused(post(base + "/v1/settlements", finance, "text/csv", "a".repeat(6 << 20)), 413);
        refused(get(base + "/v1/exceptions?status=MAYBE", ops), 400);
        refused(get(base + "/v1/audit?limit=100000", ops), 400);
        refused(post(base + "/v1/exceptions/NO-SUCH/acknowledge", ops, "application/json", "{}"), 404);
        refused(post(base + "/v1/exceptions/NO-SUCH/acknowledge", ops, "application/json", "{\"note\": 7}"), 400);
        refused(post(base + "/v1/exceptions/NO-SUCH/acknowledge", ops, "application/json", "x".repeat(10_000)), 400);
        for (String path : List.of("/v1/finance/journal?from=2026-11-01&to=2026-11-30", "/v1/stores")) {
            refused(get(base + path, null), 401);
            refused(get(base + path, FORGED), 401);
            refused(get(base + path, reader), 403);
        }
        refused(get(base + "/v1/finance/journal?from=2026-11-01&to=2026-11-30", ops), 403);
        refused(get(base + "/v1/finance/journal?from=2026-11-30&to=2025-01-01", finance), 400);
        refused(post(base + "/v1/finance/close?month=2026-13", finance, "application/json", ""), 400);
        refused(post(base + "/v1/finance/close?month=2026-11", ops, "application/json", ""), 403);
        refused(post(base + "/v1/stores", finance, "application/json", "{}"), 403);
        refused(post(base + "/v1/stores", ops, "application/json", "{\"storeId\": "), 400);
        refused(post(base + "/v1/stores", ops, "application/json", "{\"storeId\": \"S9\", \"name\": \"x\", "
                + "\"timezone\": \"UTC\", \"centraWarehouseId\": -1}"), 400);
        refused(post(base + "/v1/stores", ops, "application/xml", "<x/>"), 400);
        refused(post(base + "/v1/stores/NO-SUCH/close", ops, "application/json", ""), 404);
        answered(get(base + "/", null), 200);
        answered(get(base + "/health", null), 200);
    }

    /**
     * Three clients that send headers and then trickle nothing: the services keep answering everyone
     * else (their threads are not all held by stalled bodies).
     */
    private void slowBodies() throws Exception {
        List<Socket> stalled = new ArrayList<>();
        try {
            for (String service : List.of("reconciliation", "stockProjector", "posIngest")) {
                URI url = URI.create(client.url(service));
                for (int i = 0; i < 3; i++) {
                    Socket socket = new Socket(url.getHost(), url.getPort());
                    OutputStream out = socket.getOutputStream();
                    out.write(("POST /v1/settlements HTTP/1.1\r\nHost: x\r\nContent-Type: text/csv\r\n"
                            + "Authorization: Bearer " + FORGED + "\r\nContent-Length: 1000000\r\n\r\nprov")
                            .getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    stalled.add(socket);
                    requests++;
                }
            }
            answered(get(client.url("reconciliation") + "/v1/exceptions?status=OPEN", client.roleToken("INTEGRATION")), 200);
            answered(get(client.url("stockProjector") + "/health", null), 200);
            answered(get(client.url("posIngest") + "/health", null), 200);
        } finally {
            for (Socket socket : stalled) {
                socket.close();
            }
        }
    }

    /**
     * A request line no well-behaved client sends (a malformed percent-escape, which java.net.URI refuses
     * to build), over a plain socket: the answer must be a 400, never a 500. The JDK server refuses such
     * a line itself (a short text/html 400) before any route runs, so no problem+json is asked for here.
     */
    private void rawRefused(String base, String pathAndQuery, String token, int status) throws IOException {
        URI url = URI.create(base);
        try (Socket socket = new Socket(url.getHost(), url.getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("GET " + pathAndQuery + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                    + token + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            requests++;
            assertThat(answer).as("GET %s%s", base, pathAndQuery).startsWith("HTTP/1.1 " + status).doesNotContain("\tat ");
            for (String secret : secrets) {
                assertThat(answer).doesNotContain(secret);
            }
        }
    }

    private void refused(HttpResponse<String> response, int... statuses) {
        assertThat(statuses).as("%s %s answered %d: %s", response.request().method(), response.request().uri(),
                response.statusCode(), abbreviated(response.body())).contains(response.statusCode());
        assertThat(response.headers().firstValue("Content-Type").orElse(""))
                .as("%s %s", response.request().method(), response.request().uri()).startsWith("application/problem+json");
        // no stack trace, no internal class or package name
        assertThat(response.body()).as("%s %s", response.request().method(), response.request().uri())
                .doesNotContain("Exception", "\tat ", "java.", "org.apache.kafka", "io.tillstream.");
        noSecret(response);
    }

    private void answered(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as("%s %s", response.request().method(), response.request().uri())
                .isEqualTo(status);
        noSecret(response);
    }

    private void noSecret(HttpResponse<String> response) {
        for (String secret : secrets) {
            assertThat(response.body()).as("%s %s", response.request().method(), response.request().uri())
                    .doesNotContain(secret);
        }
    }

    private HttpResponse<String> get(String url, String token) throws Exception {
        return send("GET", url, token);
    }

    private HttpResponse<String> send(String method, String url, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        requests++;
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String url, String token, String contentType, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        requests++;
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError("POST " + url + " (" + body.length() + " bytes) got no answer: " + e, e);
        }
    }

    private static String abbreviated(String body) {
        return body.length() > 300 ? body.substring(0, 300) + "…" : body;
    }
}
