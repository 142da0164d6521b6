package io.tillstream.centra.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tillstream.centra.simulator.CentraSimulator;
import io.tillstream.centra.sink.TeeCentra;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * How the client reads Centra's answers when they are not clean: a GraphQL error comes with HTTP
 * 200 and {@code "data": null}, and must never read as "applied", "no stock" or "unknown size".
 */
class GraphQlCentraClientTest {

    private static final String TOKEN = "client-token";

    private CentraSimulator centra;
    private GraphQlCentraClient client;

    @BeforeEach
    void setUp() {
        centra = TeeCentra.oneStore(TOKEN);
        client = new GraphQlCentraClient(centra.url().toString(), TOKEN, Duration.ofSeconds(2), Clock.systemUTC());
    }

    @AfterEach
    void tearDown() {
        centra.close();
    }

    @Test
    void shouldTakeAMutationAnsweredWithNullDataAsUnknownNotApplied() throws Exception {
        fault("{\"mode\":\"GRAPHQL_ERROR\",\"count\":1}");

        assertThatThrownBy(() -> client.changeStock(sale("tillstream:error", "TEE-M", 2)))
                .isInstanceOfSatisfying(CentraException.class,
                        e -> assertThat(e.kind()).isEqualTo(CentraException.Kind.OUTCOME_UNKNOWN))
                .hasMessageContaining("Internal server error");

        assertThat(client.changeStock(sale("tillstream:next", "TEE-M", 2)).applied()).isTrue();
        assertThat(centra.mutations()).singleElement().satisfies(m -> assertThat(m.description())
                .isEqualTo("tillstream:next"));
    }

    @Test
    void shouldFailAReadAnsweredWithAnErrorInsteadOfReadingNoStock() throws Exception {
        fault("{\"mode\":\"GRAPHQL_ERROR\",\"count\":3}");

        assertThatThrownBy(() -> client.physical("TEE-M", 1)).as("not 'Centra does not know TEE-M'")
                .isInstanceOf(CentraException.class);
        assertThatThrownBy(() -> client.physical(List.of("TEE-M", "TEE-L"), 1)).as("not an empty map")
                .isInstanceOf(CentraException.class);
        assertThatThrownBy(() -> client.wasApplied("tillstream:any")).as("not 'this Centra cannot say'")
                .isInstanceOfSatisfying(CentraException.class,
                        e -> assertThat(e.kind()).isEqualTo(CentraException.Kind.OUTCOME_UNKNOWN));

        assertThat(client.physical("TEE-M", 1)).hasValue(10);
        assertThat(client.physical("GHOST", 1)).as("an unknown size, answered cleanly").isEmpty();
    }

    @Test
    void shouldTellARefusedTokenApartWithoutPrintingIt() {
        CentraSimulator other = TeeCentra.oneStore("another-token");
        try {
            GraphQlCentraClient revoked = new GraphQlCentraClient(other.url().toString(), TOKEN, Duration.ofSeconds(2),
                    Clock.systemUTC());
            assertThatThrownBy(() -> revoked.changeStock(sale("tillstream:refused", "TEE-M", 1)))
                    .isInstanceOfSatisfying(CentraException.class,
                            e -> assertThat(e.kind()).isEqualTo(CentraException.Kind.UNAUTHORIZED))
                    .message().doesNotContain(TOKEN);
        } finally {
            other.close();
        }
    }

    /**
     * A proxy in front of Centra that gave up waiting (502/503/504) says nothing about Centra's own
     * work: the mutation may still run, unlike after Centra's own 500.
     */
    @Test
    void shouldTakeAProxyTimeoutForNoAnswerAndCentrasOwn500ForAnAnswer() throws Exception {
        com.sun.net.httpserver.HttpServer proxy = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        java.util.concurrent.atomic.AtomicInteger status = new java.util.concurrent.atomic.AtomicInteger(504);
        proxy.createContext("/graphql", exchange -> {
            exchange.sendResponseHeaders(status.get(), -1);
            exchange.close();
        });
        proxy.start();
        try {
            GraphQlCentraClient behindProxy = new GraphQlCentraClient("http://127.0.0.1:" + proxy.getAddress().getPort(),
                    TOKEN, Duration.ofSeconds(2), Clock.systemUTC());
            for (int gaveUp : List.of(502, 503, 504)) {
                status.set(gaveUp);
                assertThatThrownBy(() -> behindProxy.changeStock(sale("tillstream:proxied", "TEE-M", 1)))
                        .isInstanceOfSatisfying(CentraException.class, e -> {
                            assertThat(e.kind()).isEqualTo(CentraException.Kind.OUTCOME_UNKNOWN);
                            assertThat(e.mayStillBeRunning()).as("HTTP %d", gaveUp).isTrue();
                        });
            }
            status.set(500);
            assertThatThrownBy(() -> behindProxy.changeStock(sale("tillstream:failed", "TEE-M", 1)))
                    .isInstanceOfSatisfying(CentraException.class, e -> assertThat(e.mayStillBeRunning()).isFalse());
        } finally {
            proxy.stop(0);
        }
    }

    @Test
    void shouldSetAWarehouseThresholdAndReadItBackWithoutTouchingStock() throws Exception {
        assertThat(client.warehouseThreshold(1)).isZero();

        client.setWarehouseThreshold(1, 4);
        client.setWarehouseThreshold(1, 4);

        assertThat(client.warehouseThreshold(1)).isEqualTo(4);
        assertThat(client.freeToAllocate(List.of(new WarehouseSize(1, "TEE-M")))).as("Centra's FTA ignores it")
                .containsEntry(new WarehouseSize(1, "TEE-M"), 10);
        assertThat(centra.mutations()).as("no stock change recorded").isEmpty();
    }

    @Test
    void shouldTakeARefusedThresholdAsFatalWithCentrasMessage() {
        assertThatThrownBy(() -> client.setWarehouseThreshold(1, -1))
                .isInstanceOfSatisfying(CentraException.class,
                        e -> assertThat(e.kind()).isEqualTo(CentraException.Kind.FATAL))
                .hasMessageContaining("threshold must be 0 or more");
        assertThatThrownBy(() -> client.setWarehouseThreshold(99, 1))
                .isInstanceOfSatisfying(CentraException.class,
                        e -> assertThat(e.kind()).isEqualTo(CentraException.Kind.FATAL))
                .hasMessageContaining("Warehouse 99 not found");
        assertThatThrownBy(() -> client.warehouseThreshold(99))
                .isInstanceOfSatisfying(CentraException.class,
                        e -> assertThat(e.kind()).isEqualTo(CentraException.Kind.FATAL));
    }

    /** No error shape reads as "set"; the write is absolute, so sending it again is the answer to each. */
    @Test
    void shouldNeverTakeAnErrorAnswerToAThresholdForSuccess() throws Exception {
        fault("{\"mode\":\"GRAPHQL_ERROR\",\"count\":1}");
        assertThatThrownBy(() -> client.setWarehouseThreshold(1, 3)).as("200 with errors and null data")
                .isInstanceOfSatisfying(CentraException.class,
                        e -> assertThat(e.kind()).isEqualTo(CentraException.Kind.OUTCOME_UNKNOWN));

        fault("{\"mode\":\"HTTP_500\",\"count\":1}");
        assertThatThrownBy(() -> client.setWarehouseThreshold(1, 3))
                .isInstanceOfSatisfying(CentraException.class,
                        e -> assertThat(e.kind()).isEqualTo(CentraException.Kind.OUTCOME_UNKNOWN));

        fault("{\"mode\":\"HTTP_429\",\"count\":1}");
        assertThatThrownBy(() -> client.setWarehouseThreshold(1, 3))
                .isInstanceOfSatisfying(CentraException.class, e -> {
                    assertThat(e.kind()).isEqualTo(CentraException.Kind.RATE_LIMITED);
                    assertThat(e.retryAt()).isNotNull();
                });
        assertThat(client.warehouseThreshold(1)).as("none of those applied it").isZero();

        fault("{\"mode\":\"TIMEOUT\",\"count\":1}");
        assertThatThrownBy(() -> client.setWarehouseThreshold(1, 3)).as("applied, answer withheld")
                .isInstanceOfSatisfying(CentraException.class, e -> {
                    assertThat(e.kind()).isEqualTo(CentraException.Kind.OUTCOME_UNKNOWN);
                    assertThat(e.mayStillBeRunning()).isTrue();
                });
        client.setWarehouseThreshold(1, 3);
        assertThat(client.warehouseThreshold(1)).isEqualTo(3);
    }

    private static StockMutation sale(String description, String sku, int units) {
        return new StockMutation(description, 1, false, List.of(new StockMutation.SizeQuantity(sku, units)));
    }

    private void fault(String json) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(centra.url() + "/_sim/faults")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isLessThan(300);
    }
}
