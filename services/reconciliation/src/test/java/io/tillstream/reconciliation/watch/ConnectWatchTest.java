package io.tillstream.reconciliation.watch;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.tillstream.schemas.ExceptionStatus;
import io.tillstream.schemas.ExceptionType;
import io.tillstream.schemas.ReconciliationException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Connect watch against two stand-in workers on 127.0.0.1: one that is restarting (404 for every
 * connector) and one that knows the sink has FAILED; and only the instance that watches asks at all.
 */
class ConnectWatchTest {

    private static final String FAILED = """
            {"name":"centra-stock-sink","connector":{"state":"FAILED","worker_id":"w2","trace":"boom\\nat x"},
             "tasks":[],"type":"sink"}""";

    private final List<ReconciliationException> published = new ArrayList<>();
    private final AtomicInteger requests = new AtomicInteger();
    private HttpServer restarting;
    private HttpServer knowing;

    private final ConnectWatch.Exceptions exceptions = new ConnectWatch.Exceptions() {
        @Override
        public Optional<ReconciliationException> current(String id) {
            return Optional.empty();
        }

        @Override
        public void publish(ReconciliationException exception) {
            published.add(exception);
        }
    };

    @BeforeEach
    void workers() throws Exception {
        restarting = worker(404, "{\"error_code\":404,\"message\":\"Connector centra-stock-sink not found\"}");
        knowing = worker(200, FAILED);
    }

    private HttpServer worker(int status, String statusBody) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            requests.incrementAndGet();
            boolean metrics = exchange.getRequestURI().getPath().equals("/metrics");
            byte[] body = (metrics ? "" : statusBody).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(metrics ? 200 : status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return server;
    }

    @AfterEach
    void stop() {
        restarting.stop(0);
        knowing.stop(0);
    }

    private ConnectWatch watch(AtomicBoolean watching) {
        return new ConnectWatch(List.of(url(restarting), url(knowing)), "centra-stock-sink", watching::get, exceptions,
                Clock.fixed(Instant.parse("2026-12-07T10:00:00Z"), ZoneOffset.UTC));
    }

    private static URI url(HttpServer server) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @Test
    void shouldTakeTheAnswerOfAWorkerThatKnowsOverOneThatIsRestarting() {
        watch(new AtomicBoolean(true)).check();

        assertThat(published).singleElement().satisfies(e -> {
            assertThat(e.getType()).isEqualTo(ExceptionType.CONNECTOR_FAILED);
            assertThat(e.getStatus()).isEqualTo(ExceptionStatus.OPEN);
            assertThat(e.getActual()).contains("FAILED").doesNotContain("no connector named");
        });
    }

    @Test
    void shouldLeaveTheWatchToTheInstanceThatHasIt() {
        AtomicBoolean watching = new AtomicBoolean(false);
        ConnectWatch watch = watch(watching);

        watch.check();
        assertThat(requests).as("an instance that does not watch does not ask").hasValue(0);
        assertThat(published).isEmpty();

        watching.set(true); // the sync watchdog's task moved here
        watch.check();
        assertThat(published).extracting(ReconciliationException::getType).containsExactly(ExceptionType.CONNECTOR_FAILED);
    }
}
